// IPC fuzzing of the accounts, audit trail and backup channels (tests/support/ipcFuzz.ts).
import { describeIpcFuzzing } from './support/ipcFuzz';

describeIpcFuzzing('admin');
