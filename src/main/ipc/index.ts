export { createDispatcher } from './dispatcher';
export type { Dispatch, DispatcherOptions } from './dispatcher';
export { makeTrustedFrameCheck, registerIpc } from './register';
export type { IpcMainLike, InvokeEvent } from './register';
