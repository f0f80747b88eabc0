"""Engine version, stored with every run so a score can be traced back to its rules.

1.1.0: pricing rounds solve a working set (docs/decisions/011); same optimum, ties may differ.
1.3.0: instruments by regime and register (loondispensatie for Wajong, forfaitaire LKS, no-risk
polis and banenafspraak only with doelgroepregister); a beschut place needs an indication.
1.4.0: a candidate who wants to develop (needs_challenge) pays for skill and structure
under-challenge like over-demand; strict ``challenge`` excludes work far below the skill level.
1.5.0: Dutch lemmas and compound splitting for interests; a title's domain or the sector no
longer passes for an interest the tasks do not match; preferred sectors match the domain
(docs/decisions/141).
1.6.0: honest explanations (docs/decisions/140): reasons ordered by severity, the form's level
words, travel says why a place is allowed; scores unchanged.
1.7.0: a run with the exposure floor of one is priced in the floor's own model
(docs/decisions/011): its optimum now holds for all feasible pairs, not only for the pairs the
plain pricing pulled in; runs without a floor are unchanged.
"""

ENGINE_VERSION = "1.7.0"
