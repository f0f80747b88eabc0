"""Passend: matching young people with a work disability to (latent) vacancies.

Glossary (Dutch domain words kept in Dutch where English has no exact word):

- *bemiddelbaar*: ready to be matched to work (readiness ``ready``).
- *loonwaarde*: wage value, the productivity of a person as % of the statutory minimum wage (WML).
- *proefplaatsing*: unpaid trial placement of usually 2 months, at most 6.
- *nazorg*: after-care once someone is placed, for as long as the job lasts.
- *prikkels* / *prikkelarm*: stimuli (noise, crowding, interruptions) / a low-stimulus place.
- *ingroeien*: building up working hours gradually.
- *doelgroepregister*: the register of people who count for the banenafspraak (jobs agreement).
- *werkplekprofiel*: a workplace profile, down to task level; open (advertised) or latent.
- *WSP* (Werkgeversservicepunt): the employer service point of UWV, municipalities and SW-bedrijf.
"""
