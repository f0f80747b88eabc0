"""Dutch text for the staff import page: the import's messages, notes and row problems.

The import service and the API speak English (their messages are the API's contract, and the
error report CSV keeps them); staff read the page in Dutch. The texts are the service's own,
so they are recognised by pattern here, each with its values kept (a row number, a column, a
code), the way the employer form gives pydantic's errors Dutch words (``app/web/forms.py``).
A text no pattern knows is shown as it is: saying less would hide what is wrong.
"""

import re
from collections.abc import Callable


def _choices(found: re.Match[str]) -> str:
    return "kies een van: " + found.group(1).replace("' or '", "' of '")


_RULES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    # The report's summary (app/imports/service.py)
    (r"(\d+) problem\(s\) in (\d+) of (\d+) rows; a real run would write nothing\. Fix them, "
     r"or choose to import the valid rows\.",
     r"\1 probleem/problemen in \2 van de \3 rijen; bij echt importeren zou niets worden "
     r"opgeslagen. Verbeter ze, of importeer alleen de goede rijen."),
    (r"(\d+) problem\(s\) in (\d+) of (\d+) rows; nothing was written\. Fix them, or choose to "
     r"import the valid rows\.",
     r"\1 probleem/problemen in \2 van de \3 rijen; er is niets opgeslagen. Verbeter ze, of "
     r"importeer alleen de goede rijen."),
    (r"(\d+) rows: (\d+) would be created, (\d+) updated, (\d+) unchanged, (\d+) rejected\.",
     r"\1 rijen: \2 zouden nieuw zijn, \3 bijgewerkt, \4 ongewijzigd, \5 afgekeurd."),
    (r"(\d+) rows: (\d+) were created, (\d+) updated, (\d+) unchanged, (\d+) rejected\.",
     r"\1 rijen: \2 nieuw, \3 bijgewerkt, \4 ongewijzigd, \5 afgekeurd."),
    # Uploading, confirming, downloading (app/imports/uploads.py, storage.py, service.py)
    (r"The file is larger than (\d+) MB\. Split it into smaller files\.",
     r"Het bestand is groter dan \1 MB. Splits het in kleinere bestanden."),
    (r"No import with that id \(or not yours\)\.", "Deze import bestaat niet (of is niet van u)."),
    (r"The import is still running; the report follows when it is done\.",
     "De import loopt nog; het verslag volgt als hij klaar is."),
    (r"This import has no rejected rows to download \(or they expired\)\.",
     "Deze import heeft geen afgekeurde rijen om te downloaden (of ze zijn verlopen)."),
    (r"This import has no problems to download \(or they expired\)\.",
     "Deze import heeft geen problemen om te downloaden (of ze zijn verlopen)."),
    (r"Only a dry run can be confirmed; this import was real\.",
     "Alleen een controle kan worden bevestigd; deze import was echt."),
    (r"The dry run is (\w+); confirm it once it has finished\.",
     "De controle is nog niet klaar; bevestig hem als hij klaar is."),
    (r"The dry run refused the whole file: nothing would be imported\..*",
     "De controle heeft het hele bestand geweigerd: er zou niets worden ingelezen. Verbeter het "
     "bestand en lees het opnieuw in."),
    (r"The dry run found problems: fix the file, or import only the valid rows\.",
     "De controle vond problemen: verbeter het bestand, of importeer alleen de goede rijen."),
    (r"The checked file is no longer kept; upload it again\.",
     "Het gecontroleerde bestand is niet meer bewaard; lees het opnieuw in."),
    (r"The source name must be 1-60 characters\.", "De bron moet 1 tot 60 tekens hebben."),
    # Notes
    (r"read as (UTF-8|Windows-1252), separated by commas",
     r"gelezen als \1, gescheiden door komma's"),
    (r"read as (UTF-8|Windows-1252), separated by semicolons",
     r"gelezen als \1, gescheiden door puntkomma's"),
    (r"read as (UTF-8|Windows-1252), separated by tabs", r"gelezen als \1, gescheiden door tabs"),
    (r"read sheet '(.*)' of the workbook", r"blad '\1' van de werkmap gelezen"),
    (r"column '(.*)' \(BSN\) kept only as a keyed hash for duplicate matching",
     r"kolom '\1' (BSN) alleen bewaard als versleutelde hash om dubbele personen te vinden"),
    # The file as a whole (app/imports/readers.py, profiles.py)
    (r"The file is empty\.", "Het bestand is leeg."),
    (r"The file has a header but no rows\.", "Het bestand heeft een kopregel maar geen rijen."),
    (r"Old \.xls workbooks are not read; save the sheet as \.xlsx or CSV\.",
     "Oude .xls-werkmappen worden niet gelezen; sla het blad op als .xlsx of CSV."),
    (r"The file is UTF-16 text .*",
     "Het bestand is UTF-16-tekst (Excels 'Unicode-tekst'); sla het op als CSV UTF-8 of .xlsx."),
    (r"The file is neither a CSV nor an \.xlsx workbook.*",
     "Het bestand is geen CSV en geen .xlsx-werkmap; exporteer het blad als CSV of .xlsx."),
    (r"The file stops being valid CSV at line (\d+):.*",
     r"Het bestand is vanaf regel \1 geen geldige CSV meer."),
    (r"The file is not readable as CSV:.*", "Het bestand is niet als CSV te lezen."),
    (r"The file is called a workbook but is not an XLSX.*",
     "Het bestand heet een werkmap maar is geen XLSX."),
    (r"The ZIP archive is not an Excel workbook.*", "Het ZIP-bestand is geen Excel-werkmap."),
    (r"The workbook is damaged:.*", "De werkmap is beschadigd."),
    (r"The workbook cannot be read:.*", "De werkmap is niet te lezen."),
    (r"The workbook's first sheet is empty\.", "Het eerste blad van de werkmap is leeg."),
    (r"The workbook has (\d+) parts; that is not a spreadsheet export\.",
     r"De werkmap heeft \1 onderdelen; dat is geen export van een spreadsheet."),
    (r"The workbook part .* would unpack (\d+) times its size: refused as a possible ZIP bomb\.",
     r"Een onderdeel van de werkmap wordt uitgepakt \1 keer zo groot: geweigerd (mogelijk een "
     r"ZIP-bom)."),
    (r"The workbook would unpack to (\d+) MB: refused as too large\.",
     r"De werkmap wordt uitgepakt \1 MB: geweigerd, te groot."),
    (r"The workbook holds formulas \(first in cell (\w+)\)\..*",
     r"De werkmap bevat formules (de eerste in cel \1). Formules worden nooit uitgerekend: "
     r"kopieer het blad, plak het als waarden (Plakken speciaal > Waarden), sla op en importeer "
     r"opnieuw."),
    (r"Column '(.*)' holds citizen service numbers \(BSN\)\..*",
     r"Kolom '\1' bevat burgerservicenummers (BSN). Passend slaat nooit een BSN op: haal de "
     r"kolom weg en importeer opnieuw."),
    (r"Unknown column\(s\) for profile '(.*?)' \((\w+)\): (.*?)\.( .*)?",
     r"Onbekende kolom(men) voor profiel '\1': \3."),
    (r"Required column\(s\) missing for (\w+): (.*?)\.( .*)?",
     r"Verplichte kolom(men) ontbreken: \2."),
    (r"Profile '(.*)' has no mapping for (\w+) \(it maps: (.*)\)\.",
     r"Profiel '\1' kan dit soort bestand niet lezen (wel: \3)."),
    (r"Unknown import profile '(.*)'; known profiles: (.*)\.",
     r"Onbekend profiel '\1'; bekende profielen: \2."),
    # Short field notes of a refused file (the problem list of a whole-file refusal)
    (r"0 bytes|no header row|no rows|no data rows", "leeg"),
    (r"unknown column", "onbekende kolom"),
    (r"required column missing", "verplichte kolom ontbreekt"),
    (r"BSN column refused", "BSN-kolom geweigerd"),
    # Cells (app/imports/values.py, validate.py)
    (r"looks like a spreadsheet formula; formulas are not evaluated.*",
     "lijkt op een formule; formules worden niet uitgerekend: typ de waarde zelf"),
    (r"expected a whole number, not (.*)", r"verwacht een heel getal, niet \1"),
    (r"expected a whole number", "verwacht een heel getal"),
    (r"expected a number \(decimal comma allowed\), not '(.*)'",
     r"verwacht een getal (decimale komma mag), niet '\1'"),
    (r"expected a finite number", "verwacht een gewoon getal"),
    (r"'(.*)' is not a date in the calendar", r"'\1' is geen bestaande datum"),
    (r"expected a date as dd-mm-jjjj or jjjj-mm-dd, not '(.*)'",
     r"verwacht een datum als dd-mm-jjjj of jjjj-mm-dd, niet '\1'"),
    (r"expected ja/nee \(or 1/0, true/false\), not '(.*)'",
     r"verwacht ja/nee (of 1/0, true/false), niet '\1'"),
    (r"expected ja/nee, not (.*)", r"verwacht ja/nee, niet \1"),
    (r"task (\d+) \('(.*)'\) needs name / hours / stimulus / structure / physical / skill "
     r"\[/ certificate\]",
     r"taak \1 ('\2') heeft nodig: naam / uren / prikkels / structuur / fysiek / niveau "
     r"[/ certificaat]"),
    (r"unknown code '(.*)' for (\w+); this profile knows: (.*)",
     r"onbekende code '\1' voor \2; dit profiel kent: \3"),
    (r"the row has (\d+) cells; the header has (\d+)",
     r"de rij heeft \1 cellen; de kopregel heeft er \2"),
    (r"required: the record's id in the source", "verplicht: het nummer in het bronsysteem"),
    (r"required: the employer's id in this source \(or its KvK number\)",
     "verplicht: het nummer van de werkgever in deze bron (of het KvK-nummer)"),
    (r"no such employer: import the employers file of this source first.*",
     "deze werkgever is onbekend: importeer eerst het werkgeversbestand van deze bron (of "
     "controleer het KvK-nummer)"),
    (r"at most (\d+) characters", r"hoogstens \1 tekens"),
    (r"not a valid BSN \(elfproef fails\)", "geen geldig BSN (de elfproef klopt niet)"),
    (r"also in row (\d+)", r"staat ook in rij \1"),
    (r"this person was erased in Passend; the row is not imported again",
     "deze persoon is in Passend gewist; de rij wordt niet opnieuw ingelezen"),
    (r"deleted in Passend", "in Passend verwijderd"),
    (r"consent cannot be given before birth", "toestemming kan niet voor de geboorte zijn gegeven"),
    # The API's schemas (candidates, consent, employers, core/geo)
    (r"cannot be in the future", "mag niet in de toekomst liggen"),
    (r"age must be between 14 and 67 years", "de leeftijd moet tussen 14 en 67 jaar liggen"),
    (r"must be at least hours_per_week_min \((.*)\)",
     r"moet minstens het minimum aantal uren per week zijn (\1)"),
    (r"each purpose \(and employer\) at most once",
     "elk doel (en elke werkgever) hoogstens één keer"),
    (r"required for purpose introduce_employer",
     "verplicht bij het doel voorstellen aan werkgever"),
    (r"only for purpose introduce_employer", "alleen bij het doel voorstellen aan werkgever"),
    (r"not a Dutch postcode; use 4 digits, optionally 2 letters \(e\.g\. 2611 AB\)",
     "geen Nederlandse postcode; gebruik 4 cijfers, eventueel met 2 letters (bijvoorbeeld "
     "2611 AB)"),
    (r"postcode letters '(.*)' are never used in Dutch postcodes",
     r"de letters '\1' komen in Nederlandse postcodes niet voor"),
    (r"postcode area (\d+) does not exist", r"postcodegebied \1 bestaat niet"),
    (r"a KvK number has exactly 8 digits", "een KvK-nummer heeft precies 8 cijfers"),
    (r"give the contract length in months for a temporary contract",
     "geef bij een tijdelijk contract de duur in maanden"),
    # pydantic's own messages
    (r"Field required", "verplicht"),
    (r"Input should be greater than or equal to (.+)", r"moet minstens \1 zijn"),
    (r"Input should be less than or equal to (.+)", r"mag hoogstens \1 zijn"),
    (r"Input should be greater than (.+)", r"moet meer dan \1 zijn"),
    (r"Input should be less than (.+)", r"moet minder dan \1 zijn"),
    (r"Input should be a valid integer.*", "verwacht een heel getal"),
    (r"Input should be a valid number.*", "verwacht een getal"),
    (r"Input should be a valid date.*", "verwacht een datum"),
    (r"Input should be a valid boolean.*", "verwacht ja of nee"),
    (r"Input should be ('[^']*'(?:(?:, | or )'[^']*')*)", _choices),
    (r"String should have at most (\d+) characters?", r"hoogstens \1 tekens"),
    (r"String should have at least (\d+) characters?", r"minstens \1 teken(s)"),
    (r"String should match pattern .*", "heeft niet de goede vorm"),
    (r"List should have at most (\d+) items? after validation.*", r"hoogstens \1 waarden"),
    (r"value is not a valid email address.*", "geen geldig e-mailadres"),
]  # fmt: skip
_COMPILED = [(re.compile(pattern), dutch) for pattern, dutch in _RULES]


def dutch(text: str) -> str:
    """The Dutch for one of the import service's English texts (the text itself if unknown)."""
    if not text:
        return text
    for pattern, replacement in _COMPILED:
        if pattern.fullmatch(text):
            return pattern.sub(replacement, text)
    return text
