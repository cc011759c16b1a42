export * from './gen/dns/admin/v1/admin.js';
