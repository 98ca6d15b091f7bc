import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../../shared/text/detectLanguage";

describe("detecting a document's language", () => {
  it.each([
    ["en", "The package is installed in the library and it is loaded when the session starts."],
    [
      "de",
      "Das Paket wird in der Bibliothek installiert und ist nicht sofort auf dem System verfügbar.",
    ],
    [
      "fr",
      "Le paquet est installé dans la bibliothèque et il est chargé pour les sessions qui sont ouvertes.",
    ],
    [
      "es",
      "El paquete se instala en la biblioteca y no es posible usarlo para los que no tienen permisos.",
    ],
    [
      "it",
      "Il pacchetto è installato nella cartella e non è disponibile per gli utenti che non sono amministratori.",
    ],
    [
      "pt",
      "O pacote é instalado na biblioteca e não está disponível para os usuários que não são administradores.",
    ],
    [
      "nl",
      "Het pakket wordt in de bibliotheek geïnstalleerd en is niet voor alle gebruikers beschikbaar met een account.",
    ],
  ])("recognises %s", (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it("defaults to English for empty text and for code", () => {
    expect(detectLanguage("")).toBe("en");
    expect(detectLanguage("x <- c(1, 2, 3); y <- lapply(x, f); z <- do.call(rbind, y)")).toBe("en");
  });
});
