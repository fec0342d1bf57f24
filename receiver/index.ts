export type {
  AnsweredRequest,
  ReceiverFaults,
  ReceiverOptions,
  ReceiverStats,
  RunningReceiver,
} from './receiver.js';
export { startReceiver } from './receiver.js';
