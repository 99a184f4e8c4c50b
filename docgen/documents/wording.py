"""Wording the documents share and that turns on last year's result."""

#: what this year's measures aim at: keep a good level and raise it (``keep``), win back
#: a fall (``recover``), or mend what failed (``mend``); ``prev.aim`` is derived
AIM = ("{% if prev.aim == 'keep' %}รักษาและยกระดับ{% elif prev.aim == 'recover' %}ฟื้นคืนและยกระดับ"
       "{% else %}แก้ไขจุดอ่อนและยกระดับ{% endif %}")
