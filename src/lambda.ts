import { composeApplication } from './compose.js';
import { loadConfig } from './config.js';
import { createLambdaHandler, type HttpApiHandler } from './lambdaHandler.js';
import { lambdaObservability, observeInvocations } from './observability/lambdaObservability.js';

const config = loadConfig(process.env);
// Logs with the Lambda context, CloudWatch metrics, and X-Ray tracing when on (its SDK loaded only then).
const observability = await lambdaObservability(config);
const app = composeApplication(config, observability.composition);

/** The deployed function's handler, composed once per container from the environment. */
export const handler: HttpApiHandler = observeInvocations(createLambdaHandler(app), observability);
