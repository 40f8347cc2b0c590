"""TLS on the AI service's gRPC port with a locally generated CA (as a cluster's own CA or a mesh issues
them): the service serves a certificate the CA signed, the api's client trusts that CA through its
settings (RAPPORT_AI_URL grpcs://… or RAPPORT_AI_TLS, and RAPPORT_AI_TLS_CA), and a client that does not
trust it gets nowhere. The image's health check speaks TLS too."""

from __future__ import annotations

import datetime
import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from rapport.ai_client import AiClient, AiUnavailable, parse_url
from rapport.config import Settings
from tests.ai.test_service import start_ai


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_ca(directory: Path, name: str) -> tuple[Path, ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = directory / f"{name}.crt"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path, key, certificate


def make_server_certificate(
    directory: Path, ca_key: ec.EllipticCurvePrivateKey, ca: x509.Certificate
) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name("rapport-ai"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.DNSName("rapport-ai"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    cert_file, key_file = directory / "ai.crt", directory / "ai.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def health(port: int, **env: str) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "rapport_ai.health"],
        env={**os.environ, "RAPPORT_AI_PORT": str(port), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout


async def test_the_ai_port_serves_tls_with_a_certificate_from_a_local_ca(tmp_path: Path) -> None:
    # Given a CA, a service certificate it signed, and a CA that signed nothing here
    ca_file, ca_key, ca = make_ca(tmp_path, "rapport-test-ca")
    other_ca_file, _, _ = make_ca(tmp_path, "someone-else")
    cert_file, key_file = make_server_certificate(tmp_path, ca_key, ca)
    server = start_ai(
        env={"RAPPORT_AI_TLS_CERT": str(cert_file), "RAPPORT_AI_TLS_KEY": str(key_file)}, ca=ca_file.read_bytes()
    )
    try:
        # Then the api's client reaches it through its settings: a grpcs:// URL, or RAPPORT_AI_TLS
        for settings in (
            Settings(env="test", ai_url=f"grpcs://127.0.0.1:{server.port}", ai_tls_ca=ca_file),
            Settings(env="test", ai_url=f"127.0.0.1:{server.port}", ai_tls=True, ai_tls_ca=ca_file),
        ):
            async with AiClient.from_settings(settings) as client:
                assert len((await client.embed(["over TLS, signed by our CA"])).vectors[0]) == 384
        # A client that trusts the public CAs only, or another CA, or speaks plain text, gets nowhere
        for target, ca_trusted in (
            (f"grpcs://127.0.0.1:{server.port}", None),
            (f"grpcs://127.0.0.1:{server.port}", other_ca_file),
            (f"127.0.0.1:{server.port}", None),
        ):
            async with AiClient(parse_url(target), ca_file=ca_trusted, timeout=2, max_attempts=1) as refused:
                with pytest.raises(AiUnavailable):
                    await refused.embed(["not trusted"])
        # The image's health check: SERVING over TLS trusting the CA, or the very certificate served;
        # not with another CA, nor in plain text
        tls = {"RAPPORT_AI_TLS_CERT": str(cert_file)}
        assert health(server.port, **tls, RAPPORT_AI_TLS_CA=str(ca_file)) == (0, "serving\n")
        assert health(server.port, **tls) == (0, "serving\n")
        assert health(server.port, **tls, RAPPORT_AI_TLS_CA=str(other_ca_file)) == (1, "not serving\n")
        assert health(server.port) == (1, "not serving\n")
    finally:
        server.stop()
