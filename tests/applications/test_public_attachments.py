"""The online form's attachments (Art. 29): proof of identity and an authorisation letter, PDF,
JPEG or PNG by content, size-limited, stored with the submission or not at all."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications.models import Application, ApplicationFile, FilePurpose
from gongkai.documents.media import DOCX, check_upload, clean_file_name, sniff_media_type
from tests.applications.track_helpers import status_url
from tests.applications.views_helpers import field_html, public_form_data

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
HTML = b"<!doctype html><script>alert(1)</script>"


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def apply_url(office) -> str:
    return reverse("applications:apply", args=[office.agency.code])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (HTML, None),
        (b"GIF89a....", None),
        (b"", None),
        (b"%PD", None),
        (b"PK\x03\x04 a docx", None),
    ],
)
def test_the_type_is_read_from_the_content(content, expected):
    assert sniff_media_type(content) == expected


def test_a_file_named_pdf_that_is_not_one_is_refused_naming_the_field(settings):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("证件.pdf", HTML), label="身份证明")
    message = refused.value.messages[0]
    assert message.startswith("身份证明：") and "证件.pdf" in message
    assert "PDF、JPEG、PNG" in message and "重新选择" in message


def test_size_and_emptiness_are_checked(settings):
    settings.GONGKAI_APPLICANT_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="超过 100 字节"):
        check_upload(upload("大.pdf", PDF + b"x" * 100), label="身份证明")
    with pytest.raises(ValidationError, match="是空的"):
        check_upload(upload("空.pdf", b""), label="身份证明")
    checked = check_upload(upload("小.pdf", PDF), label="身份证明")
    assert checked.size == len(PDF) and checked.media_type == "application/pdf"
    assert checked.sha256 == hashlib.sha256(PDF).hexdigest()


def test_the_default_limit_is_five_megabytes():
    from django.conf import settings

    assert settings.GONGKAI_APPLICANT_UPLOAD_MAX_BYTES == 5 * 1024 * 1024


def test_names_lose_folders_and_control_characters_and_gain_their_type():
    assert clean_file_name("C:\\Users\\张三\\身份证\x00.png") == "身份证.png"
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name("") == "附件"
    long = "长" * 300 + ".pdf"
    assert len(clean_file_name(long)) == 200 and clean_file_name(long).endswith(".pdf")
    checked = check_upload(upload("扫描件", JPEG, "image/jpeg"), label="身份证明")
    assert checked.name == "扫描件.jpg"


def test_an_applicant_attaches_proof_of_identity_and_an_authorisation_letter(client, office):
    data = public_form_data(on_behalf="on")
    data["identity_proof"] = upload("身份证.png", PNG, "image/png")
    data["authorisation"] = upload("授权委托书.pdf", PDF)
    response = client.post(apply_url(office), data)
    assert response.status_code == 302
    app = Application.objects.get()
    files = {f.purpose: f for f in ApplicationFile.objects.filter(application=app)}
    assert set(files) == {FilePurpose.IDENTITY_PROOF, FilePurpose.AUTHORISATION}
    proof = files[FilePurpose.IDENTITY_PROOF]
    assert (proof.name, proof.media_type, proof.size) == ("身份证.png", "image/png", len(PNG))
    assert bytes(proof.content) == PNG and proof.sha256 == hashlib.sha256(PNG).hexdigest()
    assert proof.uploaded_by is None and proof.event is None
    assert files[FilePurpose.AUTHORISATION].media_type == "application/pdf"
    # The applicant sees what they sent, by name; staff see it with a download link.
    track = client.get(status_url(app)).text
    assert "身份证.png" in track and "授权委托书.pdf" in track
    client.force_login(office.clerk)
    detail = client.get(reverse("applications:detail", args=[app.pk])).text
    assert 'id="applicant-files"' in detail and "身份证.png" in detail
    link = reverse("applications:file", args=[app.pk, proof.pk])
    assert link in detail
    assert client.get(link).content == PNG


def test_the_form_is_sent_as_multipart_with_both_file_inputs(client, office):
    html = client.get(apply_url(office)).text
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file" name="identity_proof"' in html
    assert 'type="file" name="authorisation"' in html
    assert "5.0 MB" in html  # the limit is said beside the field


def test_attachments_are_optional(client, office):
    assert client.post(apply_url(office), public_form_data()).status_code == 302
    assert not ApplicationFile.objects.exists()


def test_a_wrong_type_is_an_error_on_its_field_and_the_rest_is_kept(client, office):
    data = public_form_data(applicant_name="王小明", info_name="2023年专利资助名单")
    data["identity_proof"] = upload("身份证.pdf", HTML)
    response = client.post(apply_url(office), data)
    assert response.status_code == 200
    assert not Application.objects.exists() and not ApplicationFile.objects.exists()
    errors = response.context["form"].errors["identity_proof"]
    assert len(errors) == 1 and errors[0].startswith("身份证明：")
    assert "重新选择文件" in errors[0] and "其他已填写的内容已保留" in errors[0]
    html = response.text
    assert "重新选择文件" in field_html(html, "identity_proof")
    assert 'value="王小明"' in html and 'value="2023年专利资助名单"' in html
    assert 'id="choose-files-again"' in html


def test_another_fields_error_asks_to_choose_the_files_again(client, office):
    data = public_form_data(info_name="")
    data["identity_proof"] = upload("身份证.png", PNG, "image/png")
    response = client.post(apply_url(office), data)
    assert response.status_code == 200
    assert "info_name" in response.context["form"].errors
    assert 'id="choose-files-again"' in response.text
    assert not ApplicationFile.objects.exists()


def test_on_behalf_of_another_the_authorisation_letter_is_required(client, office):
    data = public_form_data(on_behalf="on")
    data["identity_proof"] = upload("身份证.png", PNG, "image/png")
    response = client.post(apply_url(office), data)
    assert response.status_code == 200
    assert response.context["form"].errors["authorisation"] == [
        "受他人委托代为申请的，请上传授权委托书"
    ]
    assert not Application.objects.exists()


def test_a_file_over_the_limit_is_refused(client, office, settings):
    settings.GONGKAI_APPLICANT_UPLOAD_MAX_BYTES = 1000
    data = public_form_data()
    data["authorisation"] = upload("授权委托书.pdf", PDF + b"0" * 1000)
    response = client.post(apply_url(office), data)
    assert response.status_code == 200
    assert "超过" in response.context["form"].errors["authorisation"][0]
    assert not Application.objects.exists()


def test_the_same_form_sent_twice_stores_its_files_once(client, office):
    data = public_form_data()  # one form (one key, one applicant), sent twice
    for _ in range(2):
        data["identity_proof"] = upload("身份证.png", PNG, "image/png")
        assert client.post(apply_url(office), data).status_code == 302
    assert Application.objects.count() == 1
    assert ApplicationFile.objects.count() == 1


def test_the_submission_and_its_files_are_stored_together_or_not_at_all(
    client, office, monkeypatch
):
    from gongkai.applications.views import public

    def failing(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(public, "applicant_files_store", failing)
    data = public_form_data()
    data["identity_proof"] = upload("身份证.png", PNG, "image/png")
    with pytest.raises(RuntimeError):
        client.post(apply_url(office), data)
    assert not Application.objects.exists()


def test_a_crafted_zip_is_refused_as_not_a_pdf_not_a_server_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (99).to_bytes(2, "little")  # "needs zip version 9.9"
    with pytest.raises(ValidationError, match="不是"):
        check_upload(SimpleUploadedFile("id.pdf", bytes(data)), label="身份证明")
    with pytest.raises(ValidationError, match="不是"):
        check_upload(SimpleUploadedFile("a.docx", bytes(data)), label="附件", allowed=(DOCX,))
