// Electron shell: the application menu. Lock is reachable from anywhere, with Ctrl+L.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function buildAppMenu(actions: { lock: () => void; quit: () => void }, devTools: boolean): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'Casebook',
      submenu: [
        { id: 'lock', label: 'Lock', accelerator: 'CmdOrCtrl+L', click: actions.lock },
        { type: 'separator' },
        { id: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: actions.quit },
      ],
    },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(devTools ? ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
