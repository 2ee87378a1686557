"""Backup and restore (qms.core.backup, ``qms backup`` / ``qms restore``).

Runs on the database the suite runs on: SQLite (the backup API into the in-memory test database)
or PostgreSQL when DATABASE_URL points there (pg_dump / pg_restore into the test database). The
archive is read by another session on PostgreSQL, so the tests commit: ``transaction=True``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import stat
import zipfile
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models import Q

from qms.core import backup, search
from qms.core.models import AuditEvent, StoredFile
from qms.core.tests.factories import UserFactory, grant, make_org

pytestmark = pytest.mark.django_db(transaction=True)

VIETNAM = dt.timezone(dt.timedelta(hours=7))
MOMENT = dt.datetime(2026, 11, 21, 1, 30, tzinfo=VIETNAM)  # 18:30 UTC the day before
PDF = b"%PDF-1.4\n% Quy trinh tiep nhan ho so\n" + b"0" * 5000
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Sổ theo dõi hồ sơ".encode() * 300


@pytest.fixture
def storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return default_storage


def store(name: str, content: bytes) -> str:
    saved = default_storage.save(name, ContentFile(content))
    StoredFile.objects.create(
        file=saved, original_name=Path(name).name, content_type="application/pdf", size=len(content), sha256="0" * 64
    )
    return saved


@pytest.fixture
def installation(storage):
    """Rows of several apps (organisations, people, memberships, audit, search) and stored files."""
    province = make_org("province", name="UBND tỉnh Quảng Ninh", code="22")
    department = make_org("department", province, name="Sở Tư pháp", code="22-STP")
    make_org("unit", department, name="Văn phòng Sở", code="22-STP-VP")
    secretary = UserFactory(username="thuky", full_name="Lê Văn Cường")
    grant(secretary, department, "iso_secretary")
    grant(UserFactory(full_name="Trần Thị Bình"), province, "coordinator")
    search.upsert("test", 1, title="Quy trình tiếp nhận hồ sơ", body="Bộ phận một cửa", scope_path=department.path)
    search.upsert("test", 2, title="Sổ tay chất lượng", public=True)
    names = [store("files/ab/quy-trinh", PDF), store("files/cd/so-theo-doi", DOC), store("files/ef/empty", b"")]
    return {"department": department, "files": names}


def snapshot(storage) -> tuple[dict[str, int], dict[str, backup.FileInfo]]:
    return backup.row_counts(), backup.storage_checksums(storage)


def make_archive(tmp_path: Path) -> Path:
    path = tmp_path / "qms.zip"
    with time_machine.travel(MOMENT, tick=False):
        backup.create_backup(path)
    return path


def rewrite(archive: Path, changes: dict[str, bytes]) -> Path:
    """A copy of ``archive`` with some members' bytes replaced (the manifest kept unless named)."""
    target = archive.with_name("tampered.zip")
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            out.writestr(info, changes.get(info.filename, source.read(info)))
    return target


def manifest_of(archive: Path) -> dict:
    with zipfile.ZipFile(archive) as zf:
        return json.loads(zf.read(backup.MANIFEST))


def with_manifest(archive: Path, **changes) -> Path:
    manifest = manifest_of(archive)
    manifest.update(changes)
    return rewrite(archive, {backup.MANIFEST: json.dumps(manifest).encode()})


# --- Round trip ----------------------------------------------------------------------------------


def test_round_trip_gives_identical_row_counts_and_file_checksums(installation, storage, tmp_path):
    counts, checksums = snapshot(storage)
    archive = make_archive(tmp_path)

    manifest = backup.read_manifest(zipfile.ZipFile(archive))
    assert manifest["tables"] == counts
    assert manifest["files"] == checksums
    assert manifest["created_at"] == "2026-11-21T01:30:00+07:00"
    assert manifest["database"]["kind"] == connection.vendor
    assert manifest["product_version"] == backup.product_version()
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    assert manifest["schema"]["core"] == max(name for app, name in known if app == "core")
    assert set(manifest["schema"]) >= {"core", "organisations", "people", "auth", "contenttypes"}
    assert counts["organisations_organisation"] == 3 and counts["core_storedfile"] == 3
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not archive.with_name("qms.zip.partial").exists()

    # After the backup: rows added and removed, one file deleted, one changed, one foreign file.
    make_org("department", installation["department"].parent, name="Sở Y tế", code="22-SYT")
    get_user_model().objects.filter(username="thuky").delete()
    AuditEvent.objects.all().delete()
    storage.delete(installation["files"][0])
    storage.delete(installation["files"][1])
    storage.save(installation["files"][1], ContentFile(b"%PDF-1.7 another"))
    storage.save("files/zz/uploaded-after", ContentFile(b"later"))
    assert backup.row_counts() != counts

    result = backup.restore_backup(archive, force=True)

    assert result.tables == counts == backup.row_counts()
    assert result.mismatched == []
    assert (result.files_written, result.files_unchanged, result.files_extra) == (2, 1, 1)
    after = backup.storage_checksums(storage)
    assert {name: after[name] for name in checksums} == checksums
    assert set(after) - set(checksums) == {"files/zz/uploaded-after"}
    assert not result.needs_migrate
    # The restored data is the live data: the deleted user is back, search finds through the index.
    assert get_user_model().objects.filter(username="thuky").exists()
    assert [hit.source_id for hit in search.query("tiep nhan", where=Q(), limit=10).hits] == [1]


def test_restore_into_an_empty_installation_needs_no_force(installation, storage, tmp_path):
    counts, checksums = snapshot(storage)
    archive = make_archive(tmp_path)
    call_command("flush", "--no-input", verbosity=0)
    for name in checksums:
        storage.delete(name)

    result = backup.restore_backup(archive)

    assert result.tables == counts
    assert backup.storage_checksums(storage) == checksums
    assert result.files_written == 3


def test_a_restore_interrupted_after_the_files_can_be_run_again_without_force(installation, storage, tmp_path):
    archive = make_archive(tmp_path)
    call_command("flush", "--no-input", verbosity=0)  # the files stay: as after a failed database step

    result = backup.restore_backup(archive)

    assert result.files_unchanged == 3 and result.mismatched == []


# --- Refusals: nothing changes --------------------------------------------------------------------


@pytest.fixture
def archived(installation, storage, tmp_path):
    """An archive, then a change after it: every refusal must leave that change in place."""
    archive = make_archive(tmp_path)
    make_org("department", installation["department"].parent, name="Sở Y tế", code="22-SYT")
    storage.save("files/zz/uploaded-after", ContentFile(b"later"))
    return archive, snapshot(storage)


def assert_unchanged(storage, state) -> None:
    assert snapshot(storage) == state


def test_refuses_a_damaged_archive_and_names_the_member(archived, storage):
    archive, state = archived
    member = backup.FILES_PREFIX + "files/cd/so-theo-doi"
    tampered = rewrite(archive, {member: DOC.replace("hồ sơ".encode(), "hồ sở".encode())})
    with pytest.raises(backup.BackupError, match=f"Tệp {member} trong bản sao lưu bị hỏng hoặc đã bị sửa"):
        backup.restore_backup(tampered, force=True)

    database = backup.DATABASE_MEMBERS[connection.vendor]
    with zipfile.ZipFile(archive) as zf:
        dump = bytearray(zf.read(database))
    dump[len(dump) // 2] ^= 0xFF
    with pytest.raises(backup.BackupError, match=re.escape(f"Tệp {database} trong bản sao lưu bị hỏng")):
        backup.restore_backup(rewrite(archive, {database: bytes(dump)}), force=True)

    files = manifest_of(archive)["files"] | {"files/xx/lost": {"sha256": "0" * 64, "size": 1}}
    with pytest.raises(backup.BackupError, match="thiếu tệp files/files/xx/lost"):
        backup.restore_backup(with_manifest(archive, files=files), force=True)

    files = manifest_of(archive)["files"]
    del files["files/ef/empty"]
    with pytest.raises(backup.BackupError, match="có tệp files/files/ef/empty không có trong bản kê"):
        backup.restore_backup(with_manifest(archive, files=files), force=True)

    files = manifest_of(archive)["files"]
    files["../../etc/cron.d/qms"] = files.pop("files/ef/empty")
    with pytest.raises(backup.BackupError, match="tên tệp không hợp lệ"):
        backup.restore_backup(with_manifest(archive, files=files), force=True)

    assert_unchanged(storage, state)


def test_refuses_an_archive_from_a_newer_schema_or_another_database(archived, storage):
    archive, state = archived
    newer = with_manifest(archive, schema=manifest_of(archive)["schema"] | {"core": "9999_from_the_future"})
    with pytest.raises(backup.BackupError, match=r"phiên bản phần mềm mới hơn.*core\.9999_from_the_future"):
        backup.restore_backup(newer, force=True)
    with pytest.raises(backup.BackupError, match=r"core\.9999_from_the_future"):
        backup.verify_backup(newer)

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    database = manifest_of(archive)["database"] | {"kind": other, "member": backup.DATABASE_MEMBERS[other]}
    with pytest.raises(backup.BackupError, match="không khôi phục chéo được"):
        backup.restore_backup(with_manifest(archive, database=database), force=True)

    assert_unchanged(storage, state)


def test_refuses_a_non_empty_target_unless_forced_or_confirmed(archived, storage):
    archive, state = archived
    with pytest.raises(backup.TargetNotEmpty):
        backup.restore_backup(archive)
    seen = []

    def decline(contents: backup.TargetContents) -> bool:
        seen.append(contents)
        return False

    with pytest.raises(backup.TargetNotEmpty):
        backup.restore_backup(archive, confirm=decline)
    assert seen[0].has_files and seen[0].tables["organisations_organisation"] == 4
    assert_unchanged(storage, state)

    result = backup.restore_backup(archive, confirm=lambda contents: True)
    assert result.tables["organisations_organisation"] == 3


@pytest.mark.django_db(transaction=False)
def test_refuses_what_is_not_a_backup(tmp_path, storage):
    (tmp_path / "notes.zip").write_bytes(b"not a zip")
    with pytest.raises(backup.BackupError, match="không phải tệp zip"):
        backup.restore_backup(tmp_path / "notes.zip", force=True)
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(backup.BackupError, match=r"thiếu manifest\.json"):
        backup.restore_backup(tmp_path / "other.zip", force=True)
    with pytest.raises(backup.BackupError, match="Không tìm thấy tệp"):
        backup.restore_backup(tmp_path / "missing.zip", force=True)


def test_backup_never_overwrites_an_archive(installation, tmp_path):
    archive = make_archive(tmp_path)
    before = archive.read_bytes()
    with pytest.raises(backup.BackupError, match="đã có, không ghi đè"):
        backup.create_backup(archive)
    assert archive.read_bytes() == before


# --- Small functions ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=False)
def test_schema_checks():
    known = {("core", "0001_initial"), ("core", "0002_more")}
    assert backup.schema_problems({"core": "0002_more"}, known) == []
    assert backup.schema_problems({"core": "0003_new", "gone": "0001_initial"}, known) == [
        "core.0003_new",
        "gone.0001_initial",
    ]
    assert backup.schema_is_older({"core": "0001_initial"}, {("core", "0002_more")})
    assert not backup.schema_is_older({"core": "0002_more"}, {("core", "0002_more")})


@pytest.mark.django_db(transaction=False)
def test_default_archive_name_is_in_vietnam_time():
    assert backup.default_archive_name(dt.datetime(2026, 11, 20, 18, 30, tzinfo=dt.UTC)) == (
        "qms-backup-20261121-013000.zip"
    )


@pytest.mark.django_db(transaction=False)
def test_pg_env_carries_the_connection_settings():
    env = backup.pg_env(
        {
            "NAME": "qms",
            "USER": "iso",
            "PASSWORD": "bí mật",
            "HOST": "db",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "require"},
        }
    )
    assert {k: env[k] for k in ("PGDATABASE", "PGUSER", "PGPASSWORD", "PGHOST", "PGPORT", "PGSSLMODE")} == {
        "PGDATABASE": "qms",
        "PGUSER": "iso",
        "PGPASSWORD": "bí mật",
        "PGHOST": "db",
        "PGPORT": "5433",
        "PGSSLMODE": "require",
    }


# --- Commands -------------------------------------------------------------------------------------


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_backup_command_names_the_archive_and_what_it_holds(installation, tmp_path):
    with time_machine.travel(MOMENT, tick=False):
        output = run("backup", "--output", str(tmp_path))
    archive = tmp_path / "qms-backup-20261121-013000.zip"
    assert archive.exists()
    assert f"Đã sao lưu vào {archive}" in output
    counts = backup.row_counts()
    assert f"{len(counts)} bảng, {sum(counts.values())} dòng. Tệp đã lưu: 3" in output

    quiet = tmp_path / "quiet"
    quiet.mkdir()
    assert run("backup", "--output", str(quiet), verbosity=0) == ""
    assert len(list(quiet.glob("qms-backup-*.zip"))) == 1


@pytest.mark.django_db(transaction=False)
def test_backup_command_refuses_a_missing_directory(tmp_path):
    with pytest.raises(CommandError, match="không tồn tại"):
        run("backup", "--output", str(tmp_path / "nowhere" / "qms.zip"))


def test_restore_command_checks_refuses_asks_and_prints_row_counts(archived, storage):
    archive, state = archived

    output = run("restore", str(archive), "--check")
    assert "Bản sao lưu tạo lúc 2026-11-21T01:30:00+07:00" in output
    assert "Bản sao lưu nguyên vẹn: cơ sở dữ liệu và 3 tệp khớp mã SHA-256" in output

    with pytest.raises(CommandError, match="Dùng --force"):
        run("restore", str(archive), "--no-input")
    with mock.patch("builtins.input", return_value="không"), pytest.raises(CommandError, match="Đã hủy"):
        run("restore", str(archive))
    assert_unchanged(storage, state)

    with mock.patch("builtins.input", return_value="yes") as asked:
        output = run("restore", str(archive))
    assert "Gõ" in asked.call_args.args[0]
    counts = backup.row_counts()
    assert "Số dòng theo bảng:" in output
    assert re.search(r"^  organisations_organisation +3$", output, re.MULTILINE)
    assert f"Tổng: {sum(counts.values())} dòng trong {len(counts)} bảng" in output
    assert "1 tệp trong kho không có trong bản sao lưu: được giữ nguyên." in output
    assert "Số dòng khớp với bản kê của bản sao lưu." in output


def test_restore_command_with_force_asks_nothing(archived, storage):
    archive, _state = archived
    with mock.patch("builtins.input", side_effect=AssertionError("asked")):
        output = run("restore", str(archive), "--force", "--no-input")
    assert "Đã khôi phục cơ sở dữ liệu và 0 tệp (3 tệp đã có sẵn, giống hệt)" in output
    assert "organisations_organisation" in output


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(
    ("name", "words"),
    [("backup", "Sao lưu cơ sở dữ liệu và các tệp đã lưu"), ("restore", "Khôi phục cơ sở dữ liệu và các tệp")],
)
def test_command_help_is_shown(name, words, capsys):
    with pytest.raises(SystemExit):
        call_command(name, "--help")
    assert words in capsys.readouterr().out


# --- PostgreSQL: the replay is one transaction --------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_restore / psql replay")
@pytest.mark.parametrize(
    ("script", "error"),
    [
        ("echo 'CREATE TABLE backup_probe (id int);'; exit 1", "sh thất bại"),  # the dump stops short
        ("echo 'CREATE TABLE backup_probe (id int);'; echo 'SELECT 1/0;'", "division by zero"),  # psql fails
    ],
)
def test_a_failed_replay_changes_nothing(installation, storage, script, error):
    counts = backup.row_counts()
    connection.close()
    with pytest.raises(backup.BackupError, match=error):
        backup._replay(
            ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"],
            backup.pg_env(connection.settings_dict),
            backup._PG_PRELUDE.format(lock_timeout="5s"),  # drops every table: rolled back too
            [["sh", "-c", script]],
            "public",
        )
    assert backup.row_counts() == counts
