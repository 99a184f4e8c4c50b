"""A test certificate authority and an official's certificate it issues, written as a
PKCS#12 file with a passphrase file, as an office's IT person would keep them."""

from __future__ import annotations

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = "ทดสอบ-passphrase-1"


def _usage(**on: bool) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
             "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{n: on.get(n, False) for n in names})


def _cert(subject: x509.Name, issuer: x509.Name, key: rsa.RSAPrivateKey, signing_key: rsa.RSAPrivateKey,
          serial: int, *, ca: bool) -> x509.Certificate:
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
    usage = _usage(key_cert_sign=True, crl_sign=True) if ca else _usage(digital_signature=True, content_commitment=True)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
            .serial_number(serial).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
            .add_extension(usage, critical=True)
            .sign(signing_key, hashes.SHA256()))


def make(folder: Path, signer: str = "นางอรพิน ทดสอบ") -> tuple[Path, Path, bytes]:
    """(the PKCS#12 file, its passphrase file, the CA's certificate as DER)."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "docgen test CA")])
    ca = _cert(ca_name, ca_name, ca_key, ca_key, 1, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _cert(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, signer)]), ca_name, key, ca_key, 2, ca=False)
    p12 = folder / "office.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"office", key, cert, [ca], serialization.BestAvailableEncryption(PASSPHRASE.encode("utf-8"))))
    secret = folder / "office.pass"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    return p12, secret, ca.public_bytes(serialization.Encoding.DER)
