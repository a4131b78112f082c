export { createDispatcher } from './dispatcher';
export type { Dispatch, DispatcherOptions } from './dispatcher';
export { registerIpc } from './register';
export type { IpcMainLike, InvokeEvent } from './register';
