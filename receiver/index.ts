export type {
  ConstructOptions,
  NotificationErrorCode,
} from '../wire/construct-notification.js';
export {
  constructNotification,
  constructNotifications,
  NotificationError,
} from '../wire/construct-notification.js';
export type {
  AnsweredRequest,
  ReceiverFaults,
  ReceiverOptions,
  ReceiverStats,
  RunningReceiver,
} from './receiver.js';
export { startReceiver } from './receiver.js';
