/**
 * Words dropped from queries: English function words plus the question scaffolding users type
 * ("how do I", "what is the"). Kept at query time only, so the index still serves phrase matches.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any are aren't as at be because been before being below " +
    "between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each " +
    "either else etc ever every few for from further get gets getting give given go goes had hadn't has hasn't have " +
    "haven't having he her here hers herself him himself his how however i i'd i'm i've if in into is isn't it it's its " +
    "itself just let like ll make makes may me might more most much must my myself need needs no nor not now of off on " +
    "once one only or other others otherwise our ours ourselves out over own per please possible rather re really " +
    "same say says see shall she should shouldn't so some something such than that that's the their theirs them " +
    "themselves then there there's these they this those through thus to too two under until up upon us use used " +
    "uses using ve very via want wants was wasn't way we were weren't what what's when where whether which while who " +
    "whom whose why will with within without won't would wouldn't yes yet you you'd you're your yours yourself yourselves"
  ).split(" "),
);
