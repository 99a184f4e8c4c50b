"""The outgoing register (ทะเบียนหนังสือส่ง): numbers issued per office, book and
calendar year, never lost or doubled (:mod:`.book`), and the book printed as the
regulation's form (:mod:`.printed`)."""
