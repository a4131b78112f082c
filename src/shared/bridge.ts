// The shape of `window.casebook`, derived from the channel table: `casebook.crises.list(query)`
// invokes channel 'crises.list'. The preload and the browser test harness both build it here.
import type { Result } from './errors';
import { type ChannelInput, type ChannelName, type ChannelOutput, channelNames } from './channels';

type Namespace<C extends string> = C extends `${infer N}.${string}` ? N : never;
type Method<C extends string> = C extends `${string}.${infer M}` ? M : never;

type Call<C extends ChannelName> = undefined extends ChannelInput<C>
  ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
  : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

export type CasebookApi = {
  readonly [N in Namespace<ChannelName>]: {
    readonly [C in ChannelName as Namespace<C> extends N ? Method<C> : never]: Call<C>;
  };
};

export type Invoke = (channel: ChannelName, input: unknown) => Promise<unknown>;

export const BRIDGE_GLOBAL = 'casebook';
export const IPC_PREFIX = 'casebook:';

export function buildBridge(invoke: Invoke): CasebookApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const channel of channelNames) {
    const [namespace, method] = channel.split('.') as [string, string];
    api[namespace] ??= {};
    api[namespace][method] = (input?: unknown) => invoke(channel, input);
  }
  for (const namespace of Object.values(api)) Object.freeze(namespace);
  return Object.freeze(api) as unknown as CasebookApi;
}
