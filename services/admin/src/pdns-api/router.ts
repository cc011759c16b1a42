import type { Principal } from '../auth.js';
import type { Caller } from '../zone-admin.js';
import { HttpError } from './http-error.js';

export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: string;
  principal: Principal;
  /** The client sent "Accept: application/json" (changes how PowerDNS renders some errors and exports). */
  acceptJson: boolean;
  /** Who and why, for the event's provenance. */
  caller: Caller;
}

export interface ApiResponse {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: ApiRequest) => Promise<ApiResponse>;

interface Route {
  parts: string[];
  methods: Record<string, RouteHandler>;
}

/** Path patterns with :params, matched segment by segment; 405 when the path matches but not the method. */
export class Router {
  private readonly routes: Route[] = [];

  add(pattern: string, methods: Record<string, RouteHandler>): this {
    this.routes.push({ parts: pattern.split('/').filter(Boolean), methods });
    return this;
  }

  resolve(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } {
    const segments = path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matched = route.parts.every((part, i) => {
        if (part.startsWith(':')) {
          params[part.slice(1)] = segments[i];
          return true;
        }
        return part === segments[i];
      });
      if (!matched) continue;
      const handler = route.methods[method];
      if (!handler) throw new HttpError(405);
      return { handler, params };
    }
    throw new HttpError(404);
  }
}
