// IPC fuzzing of the hotline, anonymised summary and bundle channels (tests/support/ipcFuzz.ts).
import { describeIpcFuzzing } from './support/ipcFuzz';

describeIpcFuzzing('hotlineAndExchange');
