// Electron's dialog. Nobody sits at the stand-in's screen: every dialog is answered as if the
// person cancelled it. A test that needs another answer replaces the function it needs through
// evaluateMain, as tests of a real Electron app do.
import type { BrowserWindow } from './browserWindow';

type Options = Record<string, unknown>;
/** Like Electron's: the window first, or the options alone. */
type DialogArgs = [BrowserWindow | Options, Options?];

function optionsOf(args: DialogArgs): Options {
  return (args.length > 1 ? args[1] : args[0]) as Options;
}

export const dialog = {
  async showSaveDialog(..._args: DialogArgs): Promise<{ canceled: boolean; filePath: string }> {
    return { canceled: true, filePath: '' };
  },
  async showOpenDialog(..._args: DialogArgs): Promise<{ canceled: boolean; filePaths: string[] }> {
    return { canceled: true, filePaths: [] };
  },
  async showMessageBox(...args: DialogArgs): Promise<{ response: number; checkboxChecked: boolean }> {
    return { response: Number(optionsOf(args)['cancelId'] ?? 0), checkboxChecked: false };
  },
  showSaveDialogSync(..._args: DialogArgs): string | undefined {
    return undefined;
  },
  showOpenDialogSync(..._args: DialogArgs): string[] | undefined {
    return undefined;
  },
  showMessageBoxSync(...args: DialogArgs): number {
    return Number(optionsOf(args)['cancelId'] ?? 0);
  },
  showErrorBox(title: string, content: string): void {
    console.error(`[dialog] ${title}: ${content}`);
  },
};
