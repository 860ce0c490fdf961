"""Strings of the sign-in page (/masuk)."""

STRINGS = {
    "page.masuk": ("Masuk", "Sign in"),
    "masuk.title": ("Masuk", "Sign in"),
    "masuk.subtitle": ("Untuk analis, produsen data, walidata dan admin.",
                       "For analysts, data producers, data custodians and administrators."),
    "masuk.username": ("Nama pengguna", "User name"),
    "masuk.password": ("Kata sandi", "Password"),
    "masuk.failed": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "masuk.failed_sso": ("Masuk lewat SSO gagal atau akun Anda belum terdaftar di dasbor ini.",
                         "Single sign-on failed, or your account is not registered with this dashboard."),
    "masuk.already": ("Anda sudah masuk sebagai {user} ({role}).", "You are signed in as {user} ({role})."),
    "masuk.sso": ("Masuk dengan SSO instansi", "Sign in with your organisation's SSO"),
    "masuk.public_note": ("Data publik dapat dilihat tanpa masuk.", "Open data can be viewed without signing in."),
}
