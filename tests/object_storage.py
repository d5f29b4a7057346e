"""Shared fixtures: a real S3 API on loopback, and the default storage pointed at a bucket of
the test's own.

`.ci/run` starts moto's standalone server (`moto_server`) and passes its address in
S3_TEST_ENDPOINT_URL; without it (a developer's `make test`) the same server runs in a thread
of the test process. Either way the portal talks HTTP to it through boto3, as it would to
MinIO or AWS.
"""

import logging
import os
import uuid
from dataclasses import dataclass

import boto3
import pytest

from plgportal.file_storage import default_storage_config
from tests.processes import free_port

REGION = "eu-west-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "plg-test", "AWS_SECRET_ACCESS_KEY": "plg-test-secret"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """The S3 API's address: CI's moto_server, or one started here for the whole session."""
    if endpoint := os.environ.get("S3_TEST_ENDPOINT_URL"):
        yield endpoint
        return
    if os.environ.get("CI"):
        pytest.fail("CI runs the S3 tests against .ci/run's moto_server: S3_TEST_ENDPOINT_URL")
    from moto.server import ThreadedMotoServer

    # Its request log (werkzeug's) would fill every failing test's output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@dataclass
class Bucket:
    """A bucket of the test's own, and what a test needs to look inside it."""

    name: str
    endpoint: str
    storage_url: str
    environment: dict[str, str]

    @property
    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def object_keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def new_bucket(endpoint: str) -> Bucket:
    name = f"plg-{uuid.uuid4().hex[:20]}"
    environment = {
        "STORAGE_URL": f"s3://{name}/media",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        **CREDENTIALS,
    }
    bucket = Bucket(name, endpoint, environment["STORAGE_URL"], environment)
    bucket.client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return bucket


@pytest.fixture
def object_storage(settings, s3_endpoint) -> Bucket:
    """The default storage on a new private bucket, configured as production does it (from
    STORAGE_URL and AWS_* through plgportal.file_storage)."""
    bucket = new_bucket(s3_endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_config(
            bucket.storage_url, lambda name, default: bucket.environment.get(name, default)
        ),
    }
    return bucket
