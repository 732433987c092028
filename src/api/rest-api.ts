/**
 * The REST API (the orders HTTP API) as aws-amplify/api knows it: src/amplify-config.ts configures
 * it, src/api/commands.ts calls it. A module of its own so that neither pulls in the other (the
 * landing page loads the configuration, not the REST client).
 */
export const ORDERS_API = 'orders';
