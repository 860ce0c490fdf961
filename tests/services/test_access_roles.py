"""The role matrix: who may read which tier, upload, approve, roll back, administer (services.access)."""
import pytest

from services.access import PUBLIC, access_for

MATRIX = {
    #            read internal, read excluded, upload, approve, rollback, admin, audit
    "publik":   (False, False, False, False, False, False, False),
    "analis":   (True, False, False, False, False, False, False),
    "produsen": (True, False, True, False, False, False, False),
    "walidata": (True, True, True, True, True, False, True),
    "admin":    (True, True, True, True, True, True, True),
}


@pytest.mark.parametrize("role", MATRIX)
def test_role_matrix(role):
    access = access_for(role, user=f"{role}-user")
    internal, excluded, upload, approve, rollback, admin, audit = MATRIX[role]
    assert ("internal" in access.tiers) is internal
    assert ("dikecualikan" in access.tiers) is excluded
    assert "publik" in access.tiers
    assert access.can("upload") is upload
    assert access.can("approve") is approve
    assert access.can("rollback") is rollback
    assert access.can("admin") is admin
    assert access.can("view_audit") is audit


def test_public_and_unknown_role_read_only_open_data():
    assert PUBLIC.tiers == {"publik"} and not PUBLIC.permissions and not PUBLIC.signed_in
    assert access_for("superuser").tiers == {"publik"}


def test_produsen_uploads_only_for_its_own_agency():
    produsen = access_for("produsen", "dinkes", agency="Dinas Kesehatan")
    assert produsen.may_upload("Dinas Kesehatan") and produsen.may_upload("Dinas Kesehatan (Dinkes)")
    assert not produsen.may_upload("Dinas Kesehatan Provinsi Jawa Barat")  # another agency's name: exact only
    assert not produsen.may_upload("Badan Pusat Statistik")
    assert not produsen.may_upload(None)
    assert not access_for("produsen", "x").may_upload("Dinas Kesehatan")  # no agency: nothing
    assert access_for("walidata", "w").may_upload("Badan Pusat Statistik")
    assert not access_for("analis", "a").may_upload("Badan Pusat Statistik")


def test_region_scope():
    kota = access_for("analis", "a", region_scope="3273")
    assert kota.sees_region("3273") and kota.sees_region("32") and kota.sees_region("ID")
    assert not kota.sees_region("3201") and not kota.sees_region("31")
    assert kota.owns_region("3273") and not kota.owns_region("32")


#: What an upload by each role becomes, and whether the role may publish a produsen's submitted batch.
WORKFLOW = {"publik": (None, False), "analis": (None, False), "produsen": ("diajukan", False),
            "walidata": ("committed", True), "admin": ("committed", True)}


@pytest.mark.parametrize("role", WORKFLOW)
def test_workflow_matrix(role, engine):
    from data.errors import ValidationError
    from data.ingest import ImportOptions
    from services import queries, uploads

    lands, reviews = WORKFLOW[role]
    access = access_for(role, f"{role}-user", agency="Badan Pusat Statistik")
    content, options = b"indicator,region,period,value\nuhh,3273,2024,81.5\n", ImportOptions(max_bytes=1000)
    if lands is None:
        with pytest.raises(ValidationError):
            uploads.commit_upload(engine, content, "x.csv", options, access)
    else:
        done = uploads.commit_upload(engine, content, "x.csv", options, access)
        assert queries.batches(engine, access).iloc[0]["status"] == lands and done.batch_id
    produsen = access_for("produsen", "p", agency="Badan Pusat Statistik")
    pending = uploads.commit_upload(engine, b"indicator,region,period,value\nuhh,3273,2023,80.5\n", "y.csv", options,
                                    produsen).batch_id
    if reviews:
        assert uploads.approve(engine, pending, access).status == "diterbitkan"
    else:
        with pytest.raises(ValidationError, match="not allowed"):
            uploads.approve(engine, pending, access)


@pytest.mark.parametrize("agency, allowed", [
    ("Badan Pusat Statistik", True), ("badan  pusat statistik", True), ("BPS", True),
    ("Badan Pusat Statistik (BPS)", True), ("Badan", False), ("Statistik", False), ("Pusat Statistik", False),
    ("BP", False), ("Badan Pusat Statistik Provinsi", False)])
def test_a_produsen_agency_matches_a_producer_exactly(agency, allowed):
    produsen = access_for("produsen", "p", agency=agency)
    assert produsen.may_upload("Badan Pusat Statistik (BPS) - Susenas") is allowed
    assert produsen.may_upload("Kementerian Kesehatan (BKPK / Badan Litbangkes): SSGI 2024") is False
