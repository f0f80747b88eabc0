"""Engine version, stored with every run so a score can be traced back to its rules."""

ENGINE_VERSION = "1.0.0"
