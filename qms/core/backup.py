"""Backup and restore of one installation: the database and the stored files in one archive.

The archive is a zip file (format in ``docs/decisions/0007-backup-archive.md``)::

    manifest.json            what is inside and how to check it (written last, read first)
    database.sqlite3         SQLite: a copy made with the online backup API
    database.pgdump          PostgreSQL: ``pg_dump --format=custom``
    files/<storage name>     every file of the default storage (MEDIA_ROOT or the bucket)

:func:`create_backup` snapshots the database first (one consistent read: the backup API on
SQLite, an exported snapshot shared by ``pg_dump`` and the row counts on PostgreSQL), then
copies the files while hashing them. :func:`restore_backup` refuses before changing anything
when the archive is damaged (naming the member), comes from a newer schema, holds another kind
of database or the target is not empty (unless forced or confirmed); then it writes the files,
replaces the database in one transaction and counts the rows again. Nothing here knows a
domain word: tables, migrations and files are enumerated, never named.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, TypedDict
from zoneinfo import ZoneInfo

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "qms-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KIND_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CHUNK = 1024 * 1024
# Contents already compressed (zip containers such as DOCX/XLSX, PNG, JPEG, gzip, PDF streams)
# are stored as they are: deflating them again costs time and gains nothing.
_COMPRESSED_HEADS = (b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"\x1f\x8b", b"%PDF")
# Rows that ``migrate`` itself writes: a database holding only these counts as empty.
_MIGRATE_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
PG_LOCK_TIMEOUT = "30s"


class BackupError(Exception):
    """A refusal or failure, with a message meant for the person running the command."""


class TargetNotEmpty(BackupError):
    """The database or the storage to restore into already holds data."""


class FileInfo(TypedDict):
    sha256: str
    size: int


class DatabaseInfo(TypedDict):
    kind: str  # "sqlite" or "postgresql" (Django's vendor name)
    server_version: str
    member: str
    sha256: str
    size: int


class Manifest(TypedDict):
    format: str
    format_version: int
    product_version: str
    created_at: str  # ISO 8601 in Asia/Ho_Chi_Minh
    database: DatabaseInfo
    schema: dict[str, str]  # app label → latest applied migration
    tables: dict[str, int]  # table → rows
    files: dict[str, FileInfo]  # storage name → checksum and size


@dataclass(frozen=True)
class TargetContents:
    """What a restore would overwrite: tables with rows (beyond migrate's own) and stored files."""

    tables: dict[str, int]
    has_files: bool

    @property
    def empty(self) -> bool:
        return not self.tables and not self.has_files


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    tables: dict[str, int]  # rows counted after the restore
    mismatched: list[str]  # tables whose count differs from the manifest (expected: none)
    files_written: int
    files_unchanged: int  # already in the storage with the same checksum
    files_extra: int  # in the storage but not in the archive: left in place
    needs_migrate: bool  # the archive is older than this code


@dataclass(frozen=True)
class _Snapshot:
    path: Path
    server_version: str
    tables: dict[str, int]
    schema: dict[str, str]


class _Cursor(Protocol):
    def execute(self, sql: str, /) -> object: ...

    def fetchall(self) -> list[Any]: ...


# --- Small helpers ---------------------------------------------------------------------------


def product_version() -> str:
    try:
        return importlib.metadata.version("qms")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def local_now() -> dt.datetime:
    return timezone.now().astimezone(TIME_ZONE)


def default_archive_name(moment: dt.datetime | None = None) -> str:
    moment = (moment or timezone.now()).astimezone(TIME_ZONE)
    return f"qms-backup-{moment:%Y%m%d-%H%M%S}.zip"


def database_kind(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Sao lưu chỉ hỗ trợ SQLite và PostgreSQL, không hỗ trợ %(vendor)s.") % {"vendor": connection.vendor}
        )
    return connection.vendor


def _sha256_stream(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _sha256_path(path: Path) -> tuple[str, int]:
    with path.open("rb") as stream:
        return _sha256_stream(stream)


def storage_names(storage: Storage, top: str = "") -> Iterator[str]:
    """Every file name in ``storage`` under ``top``, depth first, sorted (a missing root is empty)."""
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(top, name) if top else name
    for directory in sorted(directories):
        yield from storage_names(storage, posixpath.join(top, directory) if top else directory)


def storage_checksums(storage: Storage) -> dict[str, FileInfo]:
    """SHA-256 and size of every stored file (what a backup records and a restore reproduces)."""
    result: dict[str, FileInfo] = {}
    for name in storage_names(storage):
        with storage.open(name, "rb") as stream:
            sha256, size = _sha256_stream(stream)
        result[name] = {"sha256": sha256, "size": size}
    return result


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_names(cursor: _Cursor, kind: str) -> list[str]:
    if kind == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'")
    else:
        cursor.execute(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = ANY (pg_catalog.current_schemas(false))"
        )
    return sorted(row[0] for row in cursor.fetchall())


def _count_rows(cursor: _Cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = int(cursor.fetchall()[0][0])
    return counts


def _latest_migrations(cursor: _Cursor, tables: list[str], apps_with_migrations: set[str]) -> dict[str, str]:
    """The latest applied migration of each app this code has migrations for (in applied order)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        if app in apps_with_migrations:
            latest[app] = name
    return latest


def _describe(cursor: _Cursor, kind: str) -> tuple[dict[str, int], dict[str, str]]:
    tables = _table_names(cursor, kind)
    loader = MigrationLoader(None, ignore_no_migrations=True)
    apps_with_migrations = {app for app, _name in loader.disk_migrations}
    return _count_rows(cursor, tables), _latest_migrations(cursor, tables, apps_with_migrations)


def row_counts(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows of every table of the database (FTS and other non-model tables included)."""
    connection = connections[using]
    kind = database_kind(connection)
    with connection.cursor() as cursor:
        return _count_rows(cursor, _table_names(cursor, kind))


# --- PostgreSQL client programs --------------------------------------------------------------


def _pg_binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("Không tìm thấy chương trình %(name)s: cài gói postgresql-client cùng phiên bản với máy chủ.")
            % {"name": name}
        )
    return path


def pg_env(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    """The environment that points libpq programs at the database Django uses (password included,
    so it never appears on a command line)."""
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST") or options.get("host"),
        "PGPORT": settings_dict.get("PORT") or options.get("port"),
        "PGUSER": settings_dict.get("USER") or options.get("user"),
        "PGPASSWORD": settings_dict.get("PASSWORD") or options.get("password"),
        "PGDATABASE": settings_dict.get("NAME") or options.get("dbname"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run(command: list[str], *, env: Mapping[str, str] | None = None) -> str:
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise _failure(command[0], completed.returncode, completed.stderr or completed.stdout)
    return completed.stdout


# --- Backup ----------------------------------------------------------------------------------


def _snapshot_sqlite(connection: BaseDatabaseWrapper, directory: Path) -> _Snapshot:
    path = directory / DATABASE_MEMBERS["sqlite"]
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)  # one step: a consistent copy while others keep working
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables, schema = _describe(copy.cursor(), "sqlite")
    finally:
        copy.close()
    return _Snapshot(path=path, server_version=sqlite3.sqlite_version, tables=tables, schema=schema)


def _snapshot_postgresql(connection: BaseDatabaseWrapper, directory: Path) -> _Snapshot:
    """``pg_dump`` and the row counts read the same exported snapshot, so they agree exactly."""
    path = directory / DATABASE_MEMBERS["postgresql"]
    pg_dump = _pg_binary("pg_dump")
    own = connections.create_connection(connection.alias)  # a session of its own, autocommit
    try:
        with own.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_catalog.pg_export_snapshot(), pg_catalog.current_setting('server_version')")
            snapshot_id, server_version = cursor.fetchall()[0]
            _run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}"],
                env=pg_env(own.settings_dict),
            )
            tables, schema = _describe(cursor, "postgresql")
            cursor.execute("COMMIT")
    finally:
        own.close()
    return _Snapshot(path=path, server_version=str(server_version), tables=tables, schema=schema)


def _zip_info(name: str, moment: dt.datetime) -> zipfile.ZipInfo:
    local = moment.astimezone(TIME_ZONE)
    info = zipfile.ZipInfo(name, date_time=(local.year, local.month, local.day, local.hour, local.minute, local.second))
    info.external_attr = 0o600 << 16  # unzipped by hand, members stay readable by their owner only
    return info


def _add_storage_file(archive: zipfile.ZipFile, storage: Storage, name: str, when: dt.datetime) -> FileInfo:
    """Copy one stored file into the archive, hashing it on the way (one read of the storage)."""
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as source:
        head = source.read(CHUNK)
        info = _zip_info(FILES_PREFIX + name, when)
        info.compress_type = zipfile.ZIP_STORED if head.startswith(_COMPRESSED_HEADS) else zipfile.ZIP_DEFLATED
        info.file_size = storage.size(name)  # lets zipfile choose ZIP64 for very large files
        with archive.open(info, "w") as target:
            chunk = head
            while chunk:
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
                chunk = source.read(CHUNK)
    return {"sha256": digest.hexdigest(), "size": size}


def _write_archive(
    stream: IO[bytes], snapshot: _Snapshot, database: DatabaseInfo, storage: Storage, created: dt.datetime
) -> Manifest:
    with zipfile.ZipFile(stream, "w") as archive:
        info = _zip_info(database["member"], created)
        # A custom-format dump is compressed already; a SQLite file deflates well.
        info.compress_type = zipfile.ZIP_DEFLATED if database["kind"] == "sqlite" else zipfile.ZIP_STORED
        info.file_size = database["size"]
        with snapshot.path.open("rb") as source, archive.open(info, "w") as target:
            shutil.copyfileobj(source, target, CHUNK)
        files = {name: _add_storage_file(archive, storage, name, created) for name in storage_names(storage)}
        manifest: Manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "product_version": product_version(),
            "created_at": created.isoformat(timespec="seconds"),
            "database": database,
            "schema": snapshot.schema,
            "tables": snapshot.tables,
            "files": files,
        }
        info = _zip_info(MANIFEST, created)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return manifest


def create_backup(destination: Path, *, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None) -> Manifest:
    """Write the archive to ``destination`` (a new file, readable by its owner only).

    The archive is written beside it as ``<name>.partial``, synced and renamed when complete, so
    an interrupted run never leaves a file that looks like a backup.
    """
    storage = storage or default_storage
    connection = connections[using]
    kind = database_kind(connection)
    if destination.exists():
        raise BackupError(_("Tệp %(path)s đã có, không ghi đè.") % {"path": destination})
    created = local_now()
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="qms-backup-") as tmp:
        snapshot = (_snapshot_sqlite if kind == "sqlite" else _snapshot_postgresql)(connection, Path(tmp))
        sha256, size = _sha256_path(snapshot.path)
        database: DatabaseInfo = {
            "kind": kind,
            "server_version": snapshot.server_version,
            "member": DATABASE_MEMBERS[kind],
            "sha256": sha256,
            "size": size,
        }
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                manifest = _write_archive(stream, snapshot, database, storage, created)
                stream.flush()
                os.fsync(stream.fileno())  # on disk before the name says it is a backup
            os.replace(partial, destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


# --- Reading and checking an archive ---------------------------------------------------------


def _safe_name(name: object) -> str:
    """A storage name from a manifest: relative, no ``..``, no backslash (never a path outside)."""
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name or "\x00" in name:
        raise BackupError(_("Bản kê của bản sao lưu có tên tệp không hợp lệ: %(name)r.") % {"name": name})
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise BackupError(_("Bản kê của bản sao lưu có tên tệp không hợp lệ: %(name)r.") % {"name": name})
    return name


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    """The manifest, checked for shape (not yet against the members: see :func:`verify_members`)."""
    try:
        data = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError as error:
        raise BackupError(_("Không phải bản sao lưu của ISO điện tử: thiếu %(name)s.") % {"name": MANIFEST}) from error
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        raise BackupError(_("Bản kê %(name)s không đọc được.") % {"name": MANIFEST}) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(_("Không phải bản sao lưu của ISO điện tử."))
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            _("Bản sao lưu dùng định dạng %(version)s, mới hơn phiên bản phần mềm này đọc được (%(known)s).")
            % {"version": version, "known": FORMAT_VERSION}
        )
    try:
        database = data["database"]
        shape_ok = (
            isinstance(database, dict)
            and isinstance(database["kind"], str)
            and isinstance(database["member"], str)
            and isinstance(database["sha256"], str)
            and isinstance(database["size"], int)
            and isinstance(data["created_at"], str)
            and isinstance(data["schema"], dict)
            and isinstance(data["tables"], dict)
            and isinstance(data["files"], dict)
            and all(isinstance(v, dict) and {"sha256", "size"} <= v.keys() for v in data["files"].values())
        )
    except KeyError:
        shape_ok = False
    if not shape_ok:
        raise BackupError(_("Bản kê %(name)s thiếu thông tin hoặc sai cấu trúc.") % {"name": MANIFEST})
    for name in data["files"]:
        _safe_name(name)
    return data  # type: ignore[return-value]  # shape checked above


def schema_problems(schema: Mapping[str, str], known: set[tuple[str, str]]) -> list[str]:
    """Migrations recorded in an archive that this code does not know (``app.name``), sorted."""
    return sorted(f"{app}.{name}" for app, name in schema.items() if (app, name) not in known)


def schema_is_older(schema: Mapping[str, str], leaves: set[tuple[str, str]]) -> bool:
    """Whether this code has migrations the archive's database has not applied yet."""
    return any(schema.get(app) != name for app, name in leaves)


def check_compatible(manifest: Manifest, connection: BaseDatabaseWrapper) -> bool:
    """Refuse another kind of database or a newer schema; return whether ``migrate`` is needed after."""
    kind = database_kind(connection)
    archived = manifest["database"]["kind"]
    if archived != kind or manifest["database"]["member"] != DATABASE_MEMBERS[kind]:
        raise BackupError(
            _("Bản sao lưu chứa cơ sở dữ liệu %(archived)s, cài đặt này dùng %(kind)s: không khôi phục chéo được.")
            % {"archived": KIND_LABELS.get(archived, archived), "kind": KIND_LABELS[kind]}
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = schema_problems(manifest["schema"], set(loader.disk_migrations))
    if unknown:
        raise BackupError(
            _(
                "Bản sao lưu được tạo từ phiên bản phần mềm mới hơn: cơ sở dữ liệu đã áp dụng các migration mà mã"
                " nguồn này không có (%(migrations)s). Hãy cài phiên bản phần mềm mới hơn rồi khôi phục."
            )
            % {"migrations": ", ".join(unknown)}
        )
    return schema_is_older(manifest["schema"], set(loader.graph.leaf_nodes()))


def _expected_members(manifest: Manifest) -> dict[str, FileInfo]:
    database = manifest["database"]
    members: dict[str, FileInfo] = {database["member"]: {"sha256": database["sha256"], "size": database["size"]}}
    members.update({FILES_PREFIX + name: info for name, info in manifest["files"].items()})
    return members


def _check_member(archive: zipfile.ZipFile, member: str, expected: FileInfo, target: IO[bytes] | None = None) -> None:
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                if target is not None:
                    target.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise BackupError(
            _("Tệp %(name)s trong bản sao lưu bị hỏng (%(error)s).") % {"name": member, "error": error}
        ) from error
    if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
        raise BackupError(
            _("Tệp %(name)s trong bản sao lưu bị hỏng hoặc đã bị sửa: mã SHA-256 không khớp với bản kê.")
            % {"name": member}
        )


def verify_members(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """Every member the manifest lists is present with its checksum, and nothing else is there."""
    names = archive.namelist()
    expected = _expected_members(manifest)
    if len(names) != len(set(names)):
        raise BackupError(_("Bản sao lưu chứa tên tệp trùng lặp."))
    missing = sorted(set(expected) - set(names))
    if missing:
        raise BackupError(_("Bản sao lưu thiếu tệp %(name)s có trong bản kê.") % {"name": missing[0]})
    unexpected = sorted(set(names) - set(expected) - {MANIFEST})
    if unexpected:
        raise BackupError(_("Bản sao lưu có tệp %(name)s không có trong bản kê.") % {"name": unexpected[0]})
    for member, info in expected.items():
        _check_member(archive, member, info)


def _open_archive(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise BackupError(_("Không tìm thấy tệp %(path)s.") % {"path": path}) from error
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(
            _("%(path)s không phải tệp zip đọc được (%(error)s).") % {"path": path, "error": error}
        ) from error


def verify_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Check an archive completely without changing anything (``qms restore --check``)."""
    with _open_archive(path) as archive:
        manifest = read_manifest(archive)
        check_compatible(manifest, connections[using])
        verify_members(archive, manifest)
    return manifest


# --- Restore ---------------------------------------------------------------------------------


def _same_file(storage: Storage, name: str, expected: FileInfo | None) -> bool:
    if expected is None or storage.size(name) != expected["size"]:
        return False
    with storage.open(name, "rb") as stream:
        return _sha256_stream(stream) == (expected["sha256"], expected["size"])


def target_contents(
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    expected_files: Mapping[str, FileInfo] | None = None,
) -> TargetContents:
    """Model tables holding rows (apart from what ``migrate`` writes) and whether the storage holds
    a file a restore would overwrite or leave beside the archive's (files identical to those in
    ``expected_files`` do not count: a restore interrupted after the files can simply be run again)."""
    storage = storage or default_storage
    expected_files = expected_files or {}
    connection = connections[using]
    model_tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        counts = _count_rows(cursor, sorted(set(model_tables) - _MIGRATE_TABLES))
    has_files = any(not _same_file(storage, name, expected_files.get(name)) for name in storage_names(storage))
    return TargetContents(tables={table: rows for table, rows in counts.items() if rows}, has_files=has_files)


def _restore_files(archive: zipfile.ZipFile, manifest: Manifest, storage: Storage) -> tuple[int, int]:
    written = unchanged = 0
    for name, info in sorted(manifest["files"].items()):
        if storage.exists(name):
            with storage.open(name, "rb") as stream:
                if _sha256_stream(stream) == (info["sha256"], info["size"]):
                    unchanged += 1
                    continue
            storage.delete(name)
        with archive.open(FILES_PREFIX + name) as source:
            content = File(source, name=posixpath.basename(name))
            content.size = info["size"]
            saved = storage.save(name, content)
        if saved != name:
            raise BackupError(
                _("Kho lưu trữ ghi tệp %(name)s dưới tên khác (%(saved)s).") % {"name": name, "saved": saved}
            )
        written += 1
    return written, unchanged


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """Replace the whole database through the backup API: one write transaction on the target, so
    a failure leaves it as it was. Safe while no other process writes (they would wait or fail)."""
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(_("SQLite không khôi phục được cơ sở dữ liệu: %(error)s.") % {"error": error}) from error
    finally:
        source.close()


def _toc_split(toc: str) -> tuple[str, str]:
    """``pg_restore --list`` split into (extension entries, everything else); comments on
    extensions are dropped (only the extension's owner may set them)."""
    extensions, others = [], []
    for line in toc.splitlines():
        parts = line.split()
        if line.startswith(";") or len(parts) < 4:
            continue
        if parts[3] == "EXTENSION":
            extensions.append(line)
        elif parts[3:6] == ["COMMENT", "-", "EXTENSION"]:
            continue
        else:
            others.append(line)
    return "\n".join(extensions) + "\n", "\n".join(others) + "\n"


# Runs first, in the same transaction as the dump's script: drops every table of the target, so
# tables of a newer schema do not survive the restore of an older archive. Extensions come next
# (created if missing, never dropped: they may belong to a superuser), then the dump itself.
_PG_PRELUDE = """BEGIN;
SET client_min_messages = warning;
SET lock_timeout = '{lock_timeout}';
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT schemaname, tablename FROM pg_catalog.pg_tables
           WHERE schemaname = ANY (pg_catalog.current_schemas(false)) LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', t.schemaname, t.tablename);
  END LOOP;
END $$;
"""
# pg_restore empties the search path for the whole script. The search functions of core's
# migration 0004 call each other unqualified, so the generated tsvector columns could not be
# computed while the data is loaded: the script gets the target's own search path instead.
_PG_EMPTY_SEARCH_PATH = b"SELECT pg_catalog.set_config('search_path', '', false);\n"


def _failure(program: str, code: int, stderr: bytes | str) -> BackupError:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    detail = " / ".join(text.strip().splitlines()[-5:])
    return BackupError(
        _("%(program)s thất bại (mã %(code)s): %(detail)s")
        % {"program": Path(program).name, "code": code, "detail": detail}
    )


def _feed(target: IO[bytes], command: list[str], set_search_path: bytes) -> None:
    """Copy the script ``command`` writes into ``target``, replacing the empty search path."""
    with tempfile.TemporaryFile() as errors:
        producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors)
        assert producer.stdout is not None
        try:
            for line in producer.stdout:
                target.write(set_search_path if line == _PG_EMPTY_SEARCH_PATH else line)
        except BaseException:
            producer.kill()  # psql has gone (or we are interrupted): stop producing
            raise
        finally:
            producer.stdout.close()
            code = producer.wait()
        if code != 0:
            errors.seek(0)
            raise _failure(command[0], code, errors.read())


def _replay(psql: list[str], env: Mapping[str, str], prelude: str, scripts: list[list[str]], search_path: str) -> None:
    """One psql session runs the prelude and every script in one transaction, and commits only
    when every script was produced completely (a failure anywhere rolls everything back)."""
    quoted = search_path.replace("'", "''")
    set_search_path = f"SELECT pg_catalog.set_config('search_path', '{quoted}', false);\n".encode()
    with tempfile.TemporaryFile() as errors:
        session = subprocess.Popen(psql, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        assert session.stdin is not None
        complete = False
        try:
            session.stdin.write(prelude.encode())
            for command in scripts:
                _feed(session.stdin, command, set_search_path)
            session.stdin.write(b"COMMIT;\n")
            complete = True
        except BrokenPipeError:
            pass  # psql stopped at an error: reported below
        finally:
            with contextlib.suppress(BrokenPipeError):
                session.stdin.close()
            code = session.wait()
        if code != 0 or not complete:
            errors.seek(0)
            raise _failure(psql[0], code, errors.read())


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path, directory: Path) -> None:
    pg_restore, psql = _pg_binary("pg_restore"), _pg_binary("psql")
    extensions, others = _toc_split(_run([pg_restore, "--list", str(dump)]))
    scripts = []
    for label, entries, flags in (("extensions", extensions, []), ("main", others, ["--clean", "--if-exists"])):
        listing = directory / f"{label}.list"
        listing.write_text(entries, encoding="utf-8")
        scripts.append(
            [pg_restore, *flags, "--no-owner", "--no-privileges", f"--use-list={listing}", "--file=-", str(dump)]
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_catalog.current_setting('search_path')")
        search_path = cursor.fetchone()[0]
    env = pg_env(connection.settings_dict)
    connection.close()  # no session of ours may hold a lock on the tables being replaced
    _replay(
        [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"],
        env,
        _PG_PRELUDE.format(lock_timeout=PG_LOCK_TIMEOUT),
        scripts,
        search_path,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics (pg_restore leaves none)


def _replace(
    archive: zipfile.ZipFile, manifest: Manifest, connection: BaseDatabaseWrapper, storage: Storage
) -> tuple[int, int]:
    """Write the files, then replace the database; returns (files written, files unchanged)."""
    database = manifest["database"]
    with tempfile.TemporaryDirectory(prefix="qms-restore-") as tmp:
        dump = Path(tmp) / database["member"]
        with dump.open("wb") as target:
            _check_member(archive, database["member"], {"sha256": database["sha256"], "size": database["size"]}, target)
        written, unchanged = _restore_files(archive, manifest, storage)
        if database["kind"] == "sqlite":
            _restore_sqlite(connection, dump)
        else:
            _restore_postgresql(connection, dump, Path(tmp))
    return written, unchanged


def restore_backup(
    path: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    force: bool = False,
    confirm: Callable[[TargetContents], bool] | None = None,
) -> RestoreResult:
    """Restore ``path`` into the database ``using`` and ``storage``.

    Everything is checked before anything changes: the manifest, the kind of database, the
    schema (an unknown migration refuses), every checksum, and whether the target is empty; a
    non-empty target needs ``force`` or a ``confirm`` callback answering yes. Files are written
    first (adding or replacing, never deleting: files not in the archive stay and are counted),
    then the database is replaced in one transaction and its rows are counted again.
    """
    from django.contrib.contenttypes.models import ContentType

    storage = storage or default_storage
    connection = connections[using]
    with _open_archive(path) as archive:
        manifest = read_manifest(archive)
        needs_migrate = check_compatible(manifest, connection)
        verify_members(archive, manifest)
        if connection.in_atomic_block:
            raise BackupError(_("Không khôi phục được bên trong một giao dịch đang mở."))
        contents = target_contents(using=using, storage=storage, expected_files=manifest["files"])
        if not contents.empty and not force and not (confirm is not None and confirm(contents)):
            raise TargetNotEmpty(_("Cơ sở dữ liệu hoặc kho tệp đích đã có dữ liệu: không khôi phục đè."))
        written, unchanged = _replace(archive, manifest, connection, storage)
    ContentType.objects.clear_cache()
    counts = row_counts(using=using)
    expected = manifest["tables"]
    mismatched = sorted(table for table in set(counts) | set(expected) if counts.get(table) != expected.get(table))
    extra = sum(1 for name in storage_names(storage) if name not in manifest["files"])
    return RestoreResult(
        manifest=manifest,
        tables=counts,
        mismatched=mismatched,
        files_written=written,
        files_unchanged=unchanged,
        files_extra=extra,
        needs_migrate=needs_migrate,
    )
