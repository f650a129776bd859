"""A push service of our own on 127.0.0.1, for tests: it checks each web push request at the
receiving end as a real push service and browser would. The VAPID token must be an ES256 JWT
for this service's origin, signed by the site's public key and not expired; the body must
decrypt (aes128gcm, RFC 8291) with the subscription's private key and auth secret. What it
received, decrypted, is kept for the test to read."""

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Subscriber:
    """A browser's side of a subscription: the keys it keeps, and what it gives the site."""

    name: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        public = self.private_key.public_key()
        return b64url(public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def as_json(self) -> dict:
        """What PushSubscription.toJSON() gives the page's script."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass
class Received:
    subscriber: str
    message: dict
    ttl: int


def verify_vapid(authorization: str, *, audience: str, public_key: str, subject: str) -> None:
    """The checks a push service makes of the sender (RFC 8292), failing with AssertionError."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid", authorization
    parts = dict(part.strip().split("=", 1) for part in params.split(","))
    assert parts["k"] == public_key, "signed with another key than the site's"
    header_b64, claims_b64, signature_b64 = parts["t"].split(".")
    assert json.loads(unb64url(header_b64)) == {"typ": "JWT", "alg": "ES256"}
    claims = json.loads(unb64url(claims_b64))
    assert claims["aud"] == audience
    assert claims["sub"] == subject
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    signature = unb64url(signature_b64)
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(public_key))
    key.verify(
        encode_dss_signature(int.from_bytes(signature[:32]), int.from_bytes(signature[32:])),
        f"{header_b64}.{claims_b64}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )


class PushService:
    """Answers POST /push/<name>: 201 once the request checks out, or the status a test set
    for that subscriber (410 gone, 429 or 500 to try later)."""

    def __init__(self, *, public_key: str, subject: str) -> None:
        self.public_key, self.subject = public_key, subject
        self.subscribers: dict[str, Subscriber] = {}
        self.status_for: dict[str, int] = {}
        self.received: list[Received] = []
        self.refused: list[str] = []
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                name = self.path.rsplit("/", 1)[-1]
                status = service.handle(name, self.headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def subscriber(self, name: str) -> Subscriber:
        subscriber = Subscriber(name=name, endpoint=f"{self.origin}/push/{name}")
        self.subscribers[name] = subscriber
        return subscriber

    def handle(self, name: str, headers, body: bytes) -> int:
        with self.lock:
            if name in self.status_for:
                self.refused.append(name)
                return self.status_for[name]
            subscriber = self.subscribers[name]
            try:
                assert headers["Content-Encoding"] == "aes128gcm"
                verify_vapid(
                    headers["Authorization"],
                    audience=self.origin,
                    public_key=self.public_key,
                    subject=self.subject,
                )
                plaintext = http_ece.decrypt(
                    body,
                    private_key=subscriber.private_key,
                    auth_secret=subscriber.auth_secret,
                    version="aes128gcm",
                )
            except Exception as error:  # the test reads what was refused, and why
                self.refused.append(f"{name}: {type(error).__name__} {error}")
                return 400
            self.received.append(Received(name, json.loads(plaintext), int(headers["TTL"])))
            return 201

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
