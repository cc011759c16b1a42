export { type FleetView, fleetView } from './fleet-view.js';
export { type FleetWeb, startFleetWeb } from './fleet-web.js';
export { type FleetWebConfig, FleetWebConfigError, loadFleetWebConfig } from './fleet-web-config.js';
export { adminConfigFile, startFleetWebFromConfig } from './start.js';
