// IPC fuzzing of the hotline, anonymised summary, bundle and spreadsheet import channels (tests/support/ipcFuzz.ts).
import { describeIpcFuzzing } from './support/ipcFuzz';

describeIpcFuzzing('hotlineAndExchange');
