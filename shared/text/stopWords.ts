/**
 * The one English stop list: function words plus the words people use to frame a question ("how
 * do I", "what is the", "tell me", "want to"). They carry no subject matter, so query terms,
 * coverage, phrase evidence and sentence support all ignore them. The list holds only
 * closed-class words and question framing, nothing tuned to a corpus, with one measured
 * exception: "instead" stays a content word, though it frames questions too ("what should I use
 * instead?"), because manuals answer such questions with the same word ("use is.na(x)
 * instead"); dropping it cost the dev set a top-ranked answer.
 *
 * Contractions are listed whole ("isn't") for the positional tokens, which keep apostrophes, and
 * as the fragments the index's word view leaves ("ll", "re", "ve").
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any anyone anything anyway are aren't as " +
    "at be because been before being below between both but by can can't cannot could couldn't did " +
    "didn't do does doesn't doing don't down during e.g each either else etc even ever every " +
    "everything few for from further get gets getting give given go goes got had hadn't happen " +
    "happens has hasn't have haven't having he her here hers herself him himself his how however i " +
    "i'd i'm i've i.e if in into is isn't it it's its itself just know let let's like ll make makes " +
    "may me might more most much must mustn't my myself need needs no nor not nothing now of off " +
    "often on once one only or other others otherwise ought our ours ourselves out over own per " +
    "please possible rather re really same say says see shall shan't she should shouldn't since so " +
    "some someone something still such tell tells than that that's the their theirs them themselves " +
    "then there there's these they they're thing things this those though through thus to too two " +
    "under until up upon us use used uses using ve very via want wanted wants was wasn't way we " +
    "we're were weren't what what's whatever when where whether which while who whom whose why will " +
    "with within without won't would wouldn't yes yet you you'd you're you've your yours yourself " +
    "yourselves"
  ).split(" "),
);

/** Whether a lower-cased word (as written, not stemmed) is a stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
