// Socket tokens for the live components (apps/realtime); the logic lives with them.
export { POST } from '~/components/live/realtime-token-route';
