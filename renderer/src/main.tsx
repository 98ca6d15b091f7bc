import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { getEnclaveApi } from "./api";
import { StoresContext } from "./StoresContext";
import { createStores } from "./stores/createStores";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);
try {
  const stores = createStores(getEnclaveApi());
  void stores.start();
  root.render(
    <StrictMode>
      <StoresContext.Provider value={stores}>
        <App />
      </StoresContext.Provider>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <p role="alert" className="fatal">
      {error instanceof Error ? error.message : String(error)}
    </p>,
  );
}
