//! The fixtures of tests/import.rs, written for them: an mbox of five
//! messages, a Substack export zip, Buttondown emails, a Ghost JSON.

use std::io::Write;

/// One message of the test mbox: its headers and body, CRLF-free.
pub fn message(from: &str, id: &str, date: &str, subject: &str, extra: &str, body: &str) -> String {
    format!(
        "From: {from}\nTo: readers@lettre.example\nSubject: {subject}\nDate: {date}\nMessage-ID: <{id}>\n{extra}MIME-Version: 1.0\n{body}"
    )
}

pub const NEWS: &str = "La Lettre <news@lettre.example>";

pub fn first_issue() -> String {
    message(
        NEWS,
        "1@lettre.example",
        "Tue, 02 Jan 2024 08:00:00 +0000",
        "[La Lettre] Les robots prennent la route",
        "",
        "Content-Type: text/plain; charset=utf-8\n\nLes robots prennent la route\n\nLes robots taxis\nLes robots taxis roulent désormais dans dix villes, annonce l'entreprise. Les habitants s'y font peu à peu.\n\nLe vélo électrique\nLes ventes de vélos électriques ont doublé en un an. Les fabricants peinent à suivre la demande.\n",
    )
}

/// Five messages: two issues, a reader's reply, the first issue again
/// (same Message-ID), and an HTML-only issue; one body line starts with
/// `From ` (escaped `>From ` in the mbox).
pub fn mbox() -> (String, Vec<String>) {
    let second = message(
        NEWS,
        "2@lettre.example",
        "Tue, 09 Jan 2024 08:00:00 +0000",
        "=?utf-8?q?Le_nucl=C3=A9aire_revient?=",
        "",
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nLe nucl=C3=A9aire revient\n\nLes petits r=C3=A9acteurs\nLes petits r=C3=A9acteurs modulaires s=C3=A9duisent les industriels. Trois projets sont lanc=C3=A9s cette ann=C3=A9e.\n\nFrom the editor: merci de nous lire.\n",
    );
    let reply = message(
        "Un lecteur <lecteur@example.org>",
        "3@example.org",
        "Tue, 02 Jan 2024 10:00:00 +0000",
        "Re: [La Lettre] Les robots prennent la route",
        "In-Reply-To: <1@lettre.example>\n",
        "Content-Type: text/plain; charset=utf-8\n\nMerci pour ce numéro !\n",
    );
    let third = message(
        NEWS,
        "4@lettre.example",
        "Tue, 16 Jan 2024 08:00:00 +0000",
        "Les puces de demain",
        "",
        "Content-Type: text/html; charset=utf-8\n\n<html><body><h1>Les puces de demain</h1><h2>La gravure en 2 nm</h2><p>Les fondeurs annoncent la gravure en 2 nm pour l'an prochain. Les premiers clients sont connus.</p></body></html>\n",
    );
    let messages = vec![first_issue(), second, reply, first_issue(), third];
    let mut mbox = String::new();
    for m in &messages {
        mbox.push_str("From news@lettre.example Tue Jan  2 08:00:00 2024\n");
        mbox.push_str(&m.replace("\nFrom the editor", "\n>From the editor"));
        mbox.push('\n');
    }
    (mbox, messages)
}

pub fn substack_zip(posts_csv: &str, with_second_post: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, options).expect("start");
        zip.write_all(text.as_bytes()).expect("write");
    };
    add("posts.csv", posts_csv);
    add(
        "posts/101.premier-numero.html",
        "<h2>Les robots taxis</h2><p>Les robots taxis roulent désormais dans dix villes. Les habitants s'y font.</p><h2>Le vélo électrique</h2><p>Les ventes ont doublé en un an. Les fabricants peinent à suivre.</p>",
    );
    if with_second_post {
        add(
            "posts/103.second-numero.html",
            "<h2>Les puces</h2><p>Les fondeurs annoncent la gravure en 2 nm. Les clients sont connus.</p>",
        );
    }
    add("posts/102.brouillon.html", "<p>Pas fini.</p>");
    zip.finish().expect("finish").into_inner()
}

pub const POSTS_CSV: &str = "post_id,post_date,is_published,email_sent_at,inbox_sent_at,type,audience,title,subtitle,podcast_url\n\
101.premier-numero,2024-02-01T08:00:00.000Z,true,2024-02-01T08:00:05.000Z,,newsletter,everyone,Premier numéro,\"Robots, vélos et le reste\",\n\
102.brouillon,,false,,,newsletter,everyone,Brouillon,,\n\
103.second-numero,2024-02-08T08:00:00.000Z,true,,,newsletter,only_paid,Second numéro,,\n";

pub const BONJOUR: &str = "---\nsubject: \"Bonjour: l'IA\"\npublish_date: 2024-03-01T09:00:00Z\nslug: bonjour-ia\nstatus: sent\ndescription: Le premier envoi\n---\n\nBonjour l'IA\n\n## Les robots taxis\n\nLes robots taxis roulent désormais dans dix villes. Les habitants s'y font.\n\n## Le vélo électrique\n\nLes ventes ont doublé en un an. Les fabricants peinent à suivre.\n";

pub const DRAFT: &str = "---\nsubject: Pas fini\nstatus: draft\n---\n\nRien encore.\n";

pub const GHOST: &str = r##"{"db":[{"meta":{"version":"5.0.0"},"data":{
 "posts":[
  {"id":"p1","title":"Les robots prennent la route","slug":"robots-route","type":"post","status":"published",
   "published_at":"2024-04-02T08:00:00.000Z","custom_excerpt":"Taxis et vélos",
   "html":"<h2>Les robots taxis</h2><p>Les robots taxis roulent désormais dans dix villes. Les habitants s'y font.</p>"},
  {"id":"p2","title":"À propos","slug":"a-propos","type":"page","status":"published","published_at":"2024-01-01T00:00:00.000Z","html":"<p>Nous.</p>"},
  {"id":"p3","title":"En cours","slug":"en-cours","type":"post","status":"draft","published_at":null,"html":"<p>Pas fini.</p>"},
  {"id":"p4","title":"Les puces de demain","slug":"puces","type":"post","status":"published",
   "published_at":"2024-04-09T08:00:00.000Z","html":"<h2>La gravure en 2 nm</h2><p>Les fondeurs annoncent la gravure en 2 nm. Les clients sont connus.</p>"}
 ],
 "tags":[{"id":"t1","name":"IA","slug":"ia"},{"id":"t2","name":"Divers","slug":"divers"},{"id":"t3","name":"#interne","slug":"hash-interne"}],
 "posts_tags":[{"post_id":"p1","tag_id":"t2","sort_order":1},{"post_id":"p1","tag_id":"t1","sort_order":0},{"post_id":"p1","tag_id":"t3","sort_order":2}]
}}]}"##;
