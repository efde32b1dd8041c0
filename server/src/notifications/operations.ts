import type { ApiOperation } from '../api-reference.ts';
import { eventListSchema, eventsQuerySchema } from './schema.ts';

/** The merchant API's notification log. */
export const eventOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/v1/events',
    summary: 'Notifications sent (or being sent) to your webhook URL, with every delivery attempt.',
    auth: 'merchant-key',
    query: eventsQuerySchema,
    response: eventListSchema,
    problems: ['unauthorized'],
  },
];
