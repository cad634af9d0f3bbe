import { composeApplication } from './compose.js';
import { loadConfig } from './config.js';
import { createLambdaHandler, type HttpApiHandler } from './lambdaHandler.js';

/** The deployed function's handler, composed once per container from the environment. */
export const handler: HttpApiHandler = createLambdaHandler(composeApplication(loadConfig(process.env)));
