// IPC fuzzing of the crisis and negotiation log channels (tests/support/ipcFuzz.ts).
import { describeIpcFuzzing } from './support/ipcFuzz';

describeIpcFuzzing('records');
