"""A throwaway certificate authority and signer for the digital-signature tests (made with cryptography in
the test, never a key from outside): ``TestCA().issue("Nguyễn Văn Thắng")`` and ``sign(pdf, signer)``."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from awards.services.signature import off_the_loop


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Thử nghiệm thiduakt"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


@dataclass
class Issued:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    ca_cert: x509.Certificate


class TestCA:
    __test__ = False  # not a pytest class

    def __init__(self, name: str = "CA thử nghiệm"):
        self.key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def write(self, path) -> str:
        path.write_bytes(self.pem())
        return str(path)

    def issue(self, common_name: str, *, serial: int = 0x1A2B3C) -> Issued:
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(serial)
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )
        return Issued(key=key, cert=cert, ca_cert=self.cert)


def _asn1(issued: Issued):
    from asn1crypto import keys  # noqa: PLC0415 -- pyHanko's key types, only for signing in tests
    from asn1crypto import x509 as asn1_x509  # noqa: PLC0415 -- as above

    key = keys.PrivateKeyInfo.load(
        issued.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert = asn1_x509.Certificate.load(issued.cert.public_bytes(serialization.Encoding.DER))
    ca = asn1_x509.Certificate.load(issued.ca_cert.public_bytes(serialization.Encoding.DER))
    return key, cert, ca


def sign(pdf: bytes, issued: Issued, *, field_name: str = "ChuKyChuTich") -> bytes:
    """``pdf`` signed by ``issued`` as an incremental update (as a token's signing software does it)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415 -- slow import
    from pyhanko.sign import signers  # noqa: PLC0415 -- as above
    from pyhanko_certvalidator.registry import SimpleCertificateStore  # noqa: PLC0415 -- as above

    key, cert, ca = _asn1(issued)
    signer = signers.SimpleSigner(
        signing_cert=cert, signing_key=key, cert_registry=SimpleCertificateStore.from_certs([ca])
    )
    out = off_the_loop(  # a browser test's driver runs a loop in this thread
        signers.sign_pdf,
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
        signers.PdfSignatureMetadata(field_name=field_name),
        signer=signer,
    )
    return out.getvalue()


def pkcs12(issued: Issued, password: bytes) -> bytes:
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12  # noqa: PLC0415 -- only here

    return p12.serialize_key_and_certificates(
        b"signer", issued.key, issued.cert, [issued.ca_cert], serialization.BestAvailableEncryption(password)
    )


def append_update(pdf: bytes) -> bytes:
    """``pdf`` with an incremental update after its signature (a page's text added): modified after signing."""
    from pyhanko.pdf_utils import generic  # noqa: PLC0415 -- as in sign
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415 -- as above

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    writer.root["/Lang"] = generic.pdf_string("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
