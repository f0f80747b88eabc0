"""Engine version, stored with every run so a score can be traced back to its rules.

1.1.0: pricing rounds solve a working set (docs/decisions/011); same optimum, ties may differ.
"""

ENGINE_VERSION = "1.2.0"
