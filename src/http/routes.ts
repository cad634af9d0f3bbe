/** The service's paths, stated once: every module that routes, reads bodies or writes errors uses these. */
export const ROUTES = Object.freeze({
  graphql: '/graphql',
  fit: '/fit',
  predict: '/predict',
  health: '/healthz',
} as const);

/** The original service's REST routes. */
export const REST_ROUTES: readonly string[] = Object.freeze([ROUTES.fit, ROUTES.predict]);

/** Whether `path` is one of the REST routes. */
export function isRestRoute(path: string): boolean {
  return REST_ROUTES.includes(path);
}

/** Whether the service has `path` at all. */
export function isKnownRoute(path: string): boolean {
  return path === ROUTES.graphql || path === ROUTES.health || isRestRoute(path);
}
