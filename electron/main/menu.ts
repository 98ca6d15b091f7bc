/**
 * The application menu. Electron's default menu has Help entries that open electronjs.org;
 * this one keeps only local roles (edit, view, window) so no menu item can reach the network.
 */
import { Menu, type MenuItemConstructorOptions } from "electron";

export function installAppMenu(options: { devTools: boolean }): void {
  const view: MenuItemConstructorOptions[] = [
    { role: "resetZoom" },
    { role: "zoomIn" },
    { role: "zoomOut" },
    { type: "separator" },
    { role: "togglefullscreen" },
  ];
  if (options.devTools)
    view.push({ type: "separator" }, { role: "reload" }, { role: "toggleDevTools" });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === "darwin"
      ? [{ role: "appMenu" } as const]
      : [{ role: "fileMenu" } as const]),
    { role: "editMenu" },
    { label: "View", submenu: view },
    { role: "windowMenu" },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
