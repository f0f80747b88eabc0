"""Engine version, stored with every run so a score can be traced back to its rules.

1.1.0: pricing rounds solve a working set (docs/decisions/011); same optimum, ties may differ.
1.3.0: instruments by regime and register (loondispensatie for Wajong, forfaitaire LKS, no-risk
polis and banenafspraak only with doelgroepregister); a beschut place needs an indication.
"""

ENGINE_VERSION = "1.3.0"
