// Electron's Menu and MenuItem, as a model: the application menu is built and kept, and an item's
// click() runs its handler with the focused window, as choosing it does. Nothing is drawn,
// accelerators are not bound to keys, and role items (copy, zoomIn, toggleDevTools…) do nothing:
// those belong to the native menu, which only Electron has.
import { EventEmitter } from 'node:events';
import { BrowserWindow } from './browserWindow';
import type { WebContents } from './webContents';

type ItemType = 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
type ClickHandler = (item: MenuItem, window: BrowserWindow | undefined, contents: WebContents | undefined, event: Record<string, unknown>) => void;

export interface MenuItemConstructorOptions {
  id?: string;
  label?: string;
  sublabel?: string;
  toolTip?: string;
  role?: string;
  type?: ItemType;
  accelerator?: string;
  enabled?: boolean;
  visible?: boolean;
  checked?: boolean;
  click?: ClickHandler;
  submenu?: MenuItemConstructorOptions[] | Menu;
}

/** Electron labels a role item by its role when no label is given. */
function roleLabel(role: string): string {
  return role.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());
}

export class MenuItem {
  readonly id: string | undefined;
  label: string;
  sublabel: string;
  toolTip: string;
  readonly role: string | undefined;
  readonly type: ItemType;
  readonly accelerator: string | undefined;
  enabled: boolean;
  visible: boolean;
  checked: boolean;
  readonly submenu: Menu | undefined;
  readonly click: (event?: Record<string, unknown>, window?: BrowserWindow, contents?: WebContents) => void;

  constructor(options: MenuItemConstructorOptions) {
    this.id = options.id;
    this.role = options.role;
    this.label = options.label ?? (options.role ? roleLabel(options.role) : '');
    this.sublabel = options.sublabel ?? '';
    this.toolTip = options.toolTip ?? '';
    this.accelerator = options.accelerator;
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.checked = options.checked ?? false;
    this.submenu = options.submenu instanceof Menu ? options.submenu : options.submenu ? Menu.buildFromTemplate(options.submenu) : undefined;
    this.type = options.type ?? (this.submenu ? 'submenu' : 'normal');
    const handler = options.click;
    this.click = (event = {}, window = BrowserWindow.getFocusedWindow() ?? undefined, contents = window?.webContents) => {
      if (!this.enabled) return;
      if (this.type === 'checkbox') this.checked = !this.checked;
      handler?.(this, window, contents, event);
    };
  }
}

let applicationMenu: Menu | null = null;

export class Menu extends EventEmitter {
  readonly items: MenuItem[] = [];

  static buildFromTemplate(template: (MenuItemConstructorOptions | MenuItem)[]): Menu {
    const menu = new Menu();
    for (const entry of template) menu.append(entry instanceof MenuItem ? entry : new MenuItem(entry));
    return menu;
  }

  static setApplicationMenu(menu: Menu | null): void {
    applicationMenu = menu;
  }

  static getApplicationMenu(): Menu | null {
    return applicationMenu;
  }

  append(item: MenuItem): void {
    this.items.push(item);
  }

  insert(position: number, item: MenuItem): void {
    this.items.splice(position, 0, item);
  }

  getMenuItemById(id: string): MenuItem | null {
    for (const item of this.items) {
      if (item.id === id) return item;
      const found = item.submenu?.getMenuItemById(id);
      if (found) return found;
    }
    return null;
  }
}
