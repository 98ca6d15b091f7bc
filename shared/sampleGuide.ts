/**
 * Enclave's own user guide, the sample a new user can import to see a cited answer in the first
 * minute. Declared once: the engine writes the guide under this file name, the CLI and the
 * renderer offer these questions, and tests check that each is answered from the guide.
 */

/** The file name the imported guide has in the library (a PDF the engine renders from Markdown). */
export const SAMPLE_GUIDE_FILE = "Enclave guide.pdf";

/** The guide's title, as the library and citations show it. */
export const SAMPLE_GUIDE_TITLE = "Enclave user guide";

/** Questions the guide answers, offered after it is imported; the first is the one to try. */
export const SAMPLE_QUESTIONS: readonly string[] = [
  "How do I import a whole folder?",
  "What happens when the documents do not answer a question?",
  "Where do I put GGUF model files?",
  "Does Enclave connect to the network?",
];
