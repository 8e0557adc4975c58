"""Recognise boilerplate lines by known phrases (several languages) and by shape.

Hand-written because no maintained library classifies *plain text* lines: trafilatura/jusText work
on HTML trees, and our inputs are often text already (scraped .txt/.md, PDF text). Each family is
a compiled pattern plus a length limit, so running text that merely mentions a word ("cookies" in
a story about bakeries) is not taken for a banner. A sentence needs more than the words: it speaks to the
reader or of the page, or its phrase is the sentence's own (pipelines/core/clean/voice.py); news that reports
on cookies, comments or newsletters does neither.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pipelines.core.clean.lines import Line, split_lines
from pipelines.core.clean.voice import first_sentence, phrase_sentence, reports, speaks_as_reader, speaks_to_reader

_I = re.I

# --- cookie and consent banners -------------------------------------------------------------
_COOKIE = re.compile(
    r"\bcookies?\b|\bcookie-|файлы cookie|\bconsent\b|\bgdpr\b|\bdatenschutz|\bconsenso\b|\bconsentement\b|"
    r"\bprivacy (settings|preferences)",
    _I)
_COOKIE_CONTEXT = re.compile(
    r"\b(use|uses|using|accept|consent|experience|privacy|opt[- ]out|settings|policy|preferences|browsing|"
    r"agree|continu\w*|website|site|verwendet|nutzt|akzeptier\w*|einstellungen|utilizza\w*|usiamo|accett\w*|"
    r"utilise\w*|utilisons|accepte\w*|paramètres|utiliza\w*|usamos|aceptar|acepta|verwenden|utilizziamo|"
    r"gebruiken|gebruik|accepteren|używa|używamy|aceitar|reject|manage|использу\w*|принять)\b", _I)
_CONSENT_BUTTON = re.compile(
    r"^(accept( all| cookies)?|reject( all)?|decline|i agree|agree|ok(ay)?|got it|allow( all)?( cookies)?|"
    r"manage (preferences|options|cookies|settings)|cookie settings|settings|more options|read more|"
    r"learn more|privacy policy|alle akzeptieren|akzeptieren|ablehnen|einstellungen|accetta( tutti)?|"
    r"rifiuta( tutti)?|tout accepter|accepter|refuser|tout refuser|aceptar( todo)?|rechazar( todo)?|"
    r"personalizar|(accept|reject|ok)( ?[|/·] ?(accept|reject|read more|settings|ok))+)[.!]?$", _I)

# Consent buttons that are never a line of an article, even away from their banner.
_CONSENT_LABEL = re.compile(
    r"^(accept( all)?( cookies)?|reject all( cookies)?|manage cookies|cookie settings|cookie preferences|"
    r"tout accepter|tout refuser|alle akzeptieren|alle ablehnen|aceptar todo|rechazar todo|accetta tutto|"
    r"accetta tutti|rifiuta tutto|aceitar todos|rejeitar todos|alles accepteren)[.!]?$", _I)

# --- navigation, breadcrumbs, menus, link lines ----------------------------------------------
_NAV_PHRASE = re.compile(
    r"^(skip to (main )?(content|navigation|main|footer)|skip navigation|jump to (content|navigation)|"
    r"toggle (navigation|menu)|main menu|menu|open menu|close menu|search( this site)?|search for:?|"
    r"back to top|go to top|top of page|zum inhalt springen|springe zum inhalt|zur navigation|"
    r"aller au contenu( principal)?|passer au contenu|vai al contenuto( principale)?|salta al contenuto|"
    r"saltar al contenido( principal)?|ir al contenido|ir para o conteúdo|naar de inhoud|"
    r"zum hauptinhalt springen|skip to main content|aller au contenu principal|"
    r"you are here:?.*|sie sind hier:?.*|vous êtes ici\s?:?.*|ti trovi in:?.*|"
    r"\d+[- ]min(ute)?s?( read| reading( time)?)|reading time:? \d+ min(ute)?s?|lesezeit:? \d+ min(uten)?|"
    r"tempo di lettura:? \d+ min(uti)?|click here( to .{1,40})?|"
    r"(link to )?(the )?(original|source)( article| link| post)?( \(.{2,30}\))?|"
    r"link to the (original|source)( article| post)?( \(.{2,30}\))?|source link|view (the )?original|"
    r"(previous|next|older|newer) (post|article|story|entry|page)s?( [»›→]| ?:.*)?|"
    r"[«‹←] ?(previous|older|prev)|(next|newer) ?[»›→]|articolo (precedente|successivo)|"
    r"article (précédent|suivant)|(vorheriger|nächster) (artikel|beitrag)|home( ?page)?|"
    r"print( this)?( page| article)?|stampa|drucken|imprimer|log ?in|sign ?in|register|"
    r"login|accedi|anmelden|se connecter|iniciar sesión|subscribe now)[.!]?$", _I)
_BREADCRUMB_SEP = re.compile(r"\s(?:»|›|>|/|\||::|→|·|•)\s")
_MENU_WORDS = frozenset([
    "home", "about", "contact", "news", "sport", "sports", "business", "world", "politics", "culture",
    "opinion", "video", "videos", "podcasts", "podcast", "search", "login", "subscribe", "menu", "sections",
    "blog", "shop", "events", "archive", "archives", "about-us", "tech", "technology", "science", "health",
    "travel", "lifestyle", "entertainment", "weather", "economy", "markets", "analysis", "reports",
    "publications", "donate", "careers", "jobs", "faq", "help", "privacy", "terms", "newsletter", "magazine",
    "multimedia", "photos", "chi-siamo", "contatti", "notizie", "cronaca", "esteri", "politica", "economia",
    "sport", "cultura", "accueil", "actualités", "contact", "startseite", "nachrichten", "kontakt", "impressum",
    "inicio", "noticias", "contacto",
])

# --- related links and teasers ---------------------------------------------------------------
_RELATED_HEAD = re.compile(
    r"^(also read|read also|read more|more to read|related( articles| posts| stories| news| content| "
    r"coverage| reading)?|see also|further reading|more from .{1,40}|more on this( story| topic)?|"
    r"more stories|you may also like|you might also like|recommended( for you| reading)?|"
    r"popular( posts| now)?|most read|most popular|trending( now)?|latest( news| posts| stories)?|"
    r"recent posts|what to read next|don'?t miss|in case you missed it|"
    r"leggi anche|leggi pure|potrebbe interessarti|articoli correlati|ti potrebbe interessare|"
    r"lire aussi|à lire aussi|a lire aussi|voir aussi|sur le même sujet|articles similaires|"
    r"lesen sie auch|auch interessant|mehr zum thema|das könnte sie auch interessieren|weitere artikel|"
    r"lee también|te puede interesar|noticias relacionadas|leia também|veja também|lees ook|"
    r"gerelateerd|lees ook|lexo edhe|pročitajte još|pročitajte i|читайте также|load more|"
    r"load more (stories|articles|posts))\s*[:.!»›→…–—-]*$", _I)
_RELATED_INLINE = re.compile(
    r"^(also read|read also|read more|related|see also|leggi anche|lire aussi|à lire aussi|lesen sie auch|"
    r"lee también|leia também|more|watch|listen|video)\s*[:|»›→-]\s*\S", _I)
_CONTINUE = re.compile(
    r"^(continue reading|read (the )?(full|whole|rest of the) (story|article)|read more|keep reading|"
    r"weiterlesen|mehr lesen|leggi tutto|continua a leggere|lire la suite|seguir leyendo|leer más|"
    r"ler mais|leia mais|lees verder|lees meer|lexo më shumë|lexo me shume|прочитать полностью|"
    r"подробнее)\b.{0,40}$", _I)

# --- share and follow bars -------------------------------------------------------------------
_SOCIAL = re.compile(
    r"\b(facebook|twitter|x\.com|linkedin|whatsapp|telegram|pinterest|reddit|tumblr|instagram|youtube|"
    r"tiktok|e-?mail|print|copy link|messenger|flipboard|mastodon|bluesky|threads|vk|xing)\b", _I)
_SHARE_PHRASE = re.compile(
    r"^(share( this)?( article| story| post| page)?( on| via| with)?|tweet( this)?|"
    r"follow (us|me)( on)?|like us on|find us on|join us on|condividi( su)?|seguici( su)?|partager( sur)?|"
    r"partagez|suivez[- ]nous( sur)?|teilen( auf)?|folgen sie uns( auf)?|compartir( en)?|síguenos( en)?|"
    r"compartilhe|compartilhar( no| em)?|partilhar( no| em)?|siga-nos|delen( op)?|shpërndaje|поделиться|"
    r"click to share( on)?|auf \w+ teilen)\b", _I)

# --- comment sections and forms --------------------------------------------------------------
_COMMENT_HEAD = re.compile(
    r"^(leave a (comment|reply)|post a comment|add (a |your )?comment|write a comment|join the discussion|"
    r"comments?|\d+ comments?|\d+ (thoughts|responses|replies|reactions) (on|to)\b.*|"
    r"(one|two|three) (thought|response|reply)s? (on|to)\b.*|show comments|view comments|"
    r"lascia un commento|commenti|\d+ commenti|laisser un commentaire|commentaires|\d+ commentaires|"
    r"kommentar (hinterlassen|schreiben)|kommentare|\d+ kommentare|deja un comentario|comentarios|"
    r"\d+ comentarios|deixe um comentário|comentários|reacties|laat een reactie achter|be the first to comment|"
    r"load more comments|komentari|komentarze|komente|lini një koment|ostavite komentar|zostaw komentarz|"
    r"комментарии|оставить комментарий|\d+ комментари\w*)\s*[:.!…–—-]*$", _I)
_COMMENT_FORM = re.compile(
    r"(your e-?mail address will not be published|required fields are marked|be the first to comment|"
    r"save my name, email,? and website|notify me of (new|follow-up) (comments|posts)|"
    r"you must be logged in to post a comment|comments are closed|this site uses akismet|"
    r"il tuo indirizzo e-?mail non sarà pubblicato|i campi obbligatori sono contrassegnati|"
    r"votre adresse (e[- ]?mail|de messagerie) ne sera pas publiée|les champs obligatoires sont indiqués|"
    r"(deine|ihre) e[- ]?mail[- ]?adresse wird nicht veröffentlicht|"
    r"erforderliche felder sind|tu dirección de correo electrónico no será publicada|"
    r"los campos obligatorios están marcados|o seu endereço de e[- ]?mail não será publicado|"
    r"je e[- ]?mailadres wordt niet gepubliceerd)", _I)
_COMMENT_FIELD = re.compile(
    r"^(name|e-?mail|website|comment|url|nome|sito web|nom|site web|kommentar|nombre|correo electrónico|"
    r"sitio web|post comment|submit( comment)?|cancel reply|invia commento|publier le commentaire|"
    r"kommentar abschicken|publicar el comentario)\s*\*?:?$", _I)
_MONTHS = (r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|oct(ober)?|"
           r"nov(ember)?|dec(ember)?|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|"
           r"ottobre|novembre|dicembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
           r"décembre|januar|februar|märz|juni|juli|oktober|dezember|enero|febrero|abril|mayo|junio|"
           r"julio|septiembre|octubre|noviembre|diciembre)\.?")
_COMMENT_META = re.compile(
    r"^.{1,60}?\b(says|said|wrote|sagt|schreibt|dice|scrive|dit|écrit|escribe|disse)\s*:"
    r"|^.{0,60}\b(at|um|alle|à|a las)\s+\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?\s*$"
    r"|^(reply|antworten|rispondi|répondre|responder|responda|beantwoorden|report|like|log in to reply|"
    r"reply to this comment|quote)$", _I)

# --- newsletter boxes ------------------------------------------------------------------------
_NEWSLETTER = re.compile(
    r"(newsletter|(sign up|subscribe|register) (for|to) (our|my|free|receive|get|updates|alerts|e-?mails?|"
    r"the (daily|weekly|free|latest))\b|in your inbox|enter your e-?mail|your e-?mail address|"
    r"e-?mail address|get (our|the) (best|latest|daily|weekly)|delivered to your inbox|unsubscribe at any time|"
    r"iscriviti|abonnez-vous|inscrivez-vous|abonnieren|melden sie sich an|suscríbete|suscribirse|"
    r"assine|inscreva-se|nieuwsbrief|click here to subscribe|subscribe to (continue|read|keep)|"
    r"for subscribers only|subscriber[- ]only|already a subscriber|free articles? (left|remaining)|"
    r"log in to (continue|read)|to continue reading|abonnieren sie|abbonati per|abonnez-vous pour)", _I)
_NEWSLETTER_BUTTON = re.compile(r"^(subscribe|sign up|subscribe now|sign up now|join|submit|iscriviti|s'inscrire|"
                                r"abonnieren|suscribirse|"
                                r"email|e-mail|your email|email address)[.!]?$", _I)

# --- captions and photo credits --------------------------------------------------------------
# agency initials match in capitals only: "(AP)" is a credit, "(ePA)" or "(Ap.)" are not
_CREDIT_AGENCY = (r"((?-i:AFP|AP|AP Photo|EPA|EPA-EFE|EFE|ANSA|DPA|dpa|TASS|SIPA)|reuters|getty( images)?|"
                  r"xinhua|anadolu|"
                  r"shutterstock|istock|alamy|imago|lapresse|keystone|ria novosti|bloomberg|"
                  r"wikimedia( commons)?|unsplash|pixabay|file|handout|courtesy[^)]{0,40}|"
                  r"(photo|foto|image|picture|credit|bild|crédit|immagine)s?[^)]{0,50})")
_CAPTION_END = re.compile(r"\(\s*" + _CREDIT_AGENCY + r"(/[^)]{1,30})?\s*\)\s*\.?$", _I)
_CAPTION = re.compile(
    r"^(photo|foto|image|picture|pictured|credit|caption|bild|immagine|crédit photo|photo credit|"
    r"image credit|photograph|illustration|source image|en la imagen|nella foto|sur la photo|"
    r"auf dem bild)\s*(:|by\b|/|—|–|-)"
    r"|[|/—–-]\s*(photo|foto|bild|image|picture)s?\s*(:|by\b)\s*[^.]{1,60}$"
    r"|(photo|picture|image|foto) by .{1,50} on (unsplash|pixabay|pexels)\.?$"
    r"|©\s*[\w .&-]{2,50}$"
    r"|[|/]\s*" + _CREDIT_AGENCY + r"\s*$"
    r"|\|\s*(youtube|facebook|twitter|instagram|video)? ?(snapshot|screenshot|screengrab|still|grab)\s*$", _I)

# A figure or table label ("Figure 3: Arrivals by month"), a credit standing alone ("Reuters/Jane Doe").
_FIGURE = re.compile(r"^(figure|fig\.|table|chart|graph|map|exhibit|infographic|abbildung|abb\.|tabelle|grafik|"
                     r"karte|figura|tabella|grafico|tableau|graphique|carte|gráfico|mapa|cuadro)\s*\d+[a-z]?\s*[.:—–-]",
                     _I)
_SOURCE_LINE = re.compile(r"^(source|sources|quelle|fonte|fuente|data|données|daten)\s*:\s*\S", _I)
_CREDIT_ONLY = re.compile(r"^(©\s*)?" + _CREDIT_AGENCY + r"(\s*/\s*[\w .'’-]{1,40})?\.?$", _I)

# --- advertisements --------------------------------------------------------------------------
_AD = re.compile(
    r"^(advertisements?|advertising|advert|ad|реклама|ads by .{1,30}|sponsored( content| post| by .{1,40})?|"
    r"promoted( content| by .{1,40})?|paid (content|post|partnership)|partner content|anzeige|werbung|"
    r"pubblicità|publicité|publicidad|publicidade|advertentie|story continues below( advertisement)?|"
    r"article continues below( advertisement)?|continue reading below|scroll to continue( with content)?|"
    r"the article continues after the ad|l'articolo continua (sotto|dopo la pubblicità)|"
    r"la suite après (cette )?(la )?publicité)\s*[:.-]?$", _I)

# --- tags ------------------------------------------------------------------------------------
_TAGS = re.compile(r"^(tags?|tagged( with)?|topics?|filed under|categories|category|keywords|schlagwörter|"
                   r"schlagworte|themen|etichette|argomenti|mots[- ]clés|sujets|etiquetas|temas|palavras-chave)"
                   r"\s*[:：]", _I)

# --- footers and copyright -------------------------------------------------------------------
# a copyright notice: the sign and a year wherever they stand ("... Dictionary copyright © 2002"), or a
# sentence opening with the sign and the holder ("© Harbour Review", the capital matched case-sensitively) or
# with the word and the sign or a year ("Copyright 2019 X Ltd"; "Copyright Office figures show" is news)
_COPYRIGHT_NOTICE = re.compile(r"(?:©|\(c\)|&copy;)\s*\d{4}|(?:^|[.!?…]\s+)(?:(?i:©|\(c\)|&copy;)\s*[A-Z]|"
                               r"(?i:copyright)\s*(?:©|\(c\)|&copy;|\d{4}))")
_RIGHTS = re.compile(
    r"all rights reserved|tutti i diritti riservati|"
    r"tous droits réservés|alle rechte vorbehalten|todos los derechos reservados|"
    r"todos os direitos reservados|alle rechten voorbehouden|powered by (wordpress|drupal|ghost|jekyll)|"
    r"sva prava (pridržana|zadržana)|wszelkie prawa zastrzeżone|të gjitha të drejtat e rezervuara|"
    r"tüm hakları saklıdır|все права защищены|جميع الحقوق محفوظة", _I)
_SIGN = re.compile(r"©|\(c\)\s*\d{4}|^copyright\b", _I)
_FOOTER_LINK = re.compile(
    r"^(privacy( policy)?|terms( of (use|service))?|terms (and|&) conditions|cookie policy|imprint|"
    r"impressum|legal notice|contact( us)?|about( us)?|sitemap|accessibility|advertise( with us)?|"
    r"datenschutz(erklärung)?|note legali|mentions légales|aviso legal|política de privacidad|"
    r"chi siamo|contatti|qui sommes-nous)\s*[.:|·•]?$", _I)

# a newsletter pitch opens with what the reader should do
_PITCH = re.compile(r"^(sign up|subscribe|join|get|register|enter|don'?t miss|never miss|iscriviti|abonnez|"
                    r"inscrivez|abonnieren|melden sie|suscr[ií]b|assine|inscreva|schrijf je in)\b", _I)
_WORD = re.compile(r"[^\W_]+")
SHORT_LINE_WORDS = _SHORT = 12  # words: a line this short that is no sentence is furniture on its phrase alone
_LONGEST = 250   # words: a legal footer or consent text pasted as one paragraph, still furniture


def _footer(c: str, w: int, sentence: bool) -> bool:
    """A copyright notice or rights line: a notice opening a sentence, or a rights phrase most of its sentence;
    in a line of a dozen words that is no sentence, any of them."""
    if w <= 6 and _FOOTER_LINK.match(c):
        return True
    if _COPYRIGHT_NOTICE.search(c) or phrase_sentence(c, _RIGHTS):
        return True
    return w <= _SHORT and not sentence and bool(_RIGHTS.search(c) or _SIGN.search(c))


def is_footer_text(text: str) -> bool:
    """A sentence of prose that is a copyright notice or rights line, not news that mentions rights."""
    return _footer(text, len(_WORD.findall(text)), True)


def _cookie(c: str, low: str) -> bool:
    return bool(_COOKIE_ANY.search(low)) and bool(_COOKIE.search(c)) and bool(_COOKIE_CONTEXT.search(c))


# what a consent or sign-up form says before what the reader agrees to: "By clicking Accept, you ..."
_BY_ACTING = re.compile(r"^by (clicking|submitting|continuing|using|signing|subscribing|registering|checking|"
                        r"proceeding|accepting|browsing|visiting|entering|providing)\b", _I)


def _cookie_text(c: str) -> bool:
    """A consent text, also where it speaks of cookies in the third person ("Necessary cookies are essential
    for the website to function") or opens on what the reader does ("By submitting my information, I
    consent ..."): it reports nothing."""
    opening = " ".join(c.split()[:3])
    return bool(_COOKIE.search(opening) or _BY_ACTING.match(c)) and not reports(c)


def _long_reason(c: str, low: str) -> str | None:
    """Furniture pasted as one long paragraph (a consent text, a legal footer): told by its opening sentence
    or a sentence that is mostly a rights or comment-form phrase."""
    first = first_sentence(c)
    if _COPYRIGHT_NOTICE.match(c) or (_FOOTER_ANY.search(low) and phrase_sentence(c, _RIGHTS)):
        return "footer"
    if _cookie(first, first.lower()) and (speaks_to_reader(first) or _cookie_text(first)):
        return "cookie_banner"
    if any(k in low for k in _FORM_KEYS) and phrase_sentence(c, _COMMENT_FORM):
        return "comment_section"
    return None


# --- separators and end markers --------------------------------------------------------------
_SEPARATOR = re.compile(r"^[\s*\-_=~#•·.+◆◇❖§|/\\<>]{3,}$|^[*◆◇❖§•·~]$")
_END_MARKER = re.compile(r"^[\[(–—-]*\s*(the end|end|ends|fine|ende|fin|fim|einde|-30-)\s*[\])–—-]*\.?$", _I)

# --- PDF page furniture ----------------------------------------------------------------------
_PAGE_NUMBER = re.compile(
    r"^((page|p\.|pp\.|pag\.|pg\.|seite|s\.|página|pagina)\s*\d{1,4}(\s*(of|/|di|von|de|sur)\s*\d{1,4})?"
    r"|[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?|\d{1,4}\s*/\s*\d{1,4})$", _I)
# A running head or foot carrying the page number after a wide gap or a bar ("Annual Review   page 4").
_RUNNING_PAGE = re.compile(r"(\s{3,}|\s[|·•]\s)((page|p\.|pag\.|seite|página|pagina)\s*)?\d{1,4}\s*$"
                           r"|^\d{1,4}(\s{3,}|\s[|·•]\s)\S"
                           r"|\s{3,}(page|p\.|pag\.|seite|página|pagina)\s*\d{1,4}\b", _I)
_TOC_HEAD = re.compile(r"^(table of contents|contents|in this issue|inside this issue|in this edition|"
                       r"inhalt|inhaltsverzeichnis|sommario|indice|sommaire|table des matières|índice|"
                       r"contenido|inhoud)\s*:?$", _I)
_TOC_ENTRY = re.compile(r"(\.{3,}|…{2,}|\s{3,})\s*\d{1,4}$")

# --- metadata: bylines, dates, notes, author bios, credits ------------------------------------
_NAME = r"[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:(?:de|da|di|del|van|von|der|den|al|el|bin|ibn|la|le)\s+)?[A-ZÀ-Þ][\w'’.-]*){1,3}"
_BYLINE = re.compile(
    r"^(by|von|di|par|por|door|av|af|written by|posted by|author:?|autore:?|auteur\s?:|autor:?|text:|"
    r"story by|report by|words by)\s+(?-i:" + _NAME + r")(\s*(,|and|&|und|e|et|y)\s*(?-i:" + _NAME + r"))*"
    r"(\s*[,|–—-]\s*.{0,60})?$", _I)
# Capitalised words that make a line a label or a headline rather than a person's name.
_NOT_NAME = frozenset(["the", "and", "of", "in", "on", "for", "news", "home", "world", "politics", "analysis",
                       "opinion",
                       "sport", "sports", "business", "culture", "video", "live", "update", "updates", "breaking",
                       "exclusive", "editorial", "comment", "review", "interview", "report", "briefs", "brief"])
_NAME_ONLY = re.compile(r"^" + _NAME + r"(\s*(,|and|&)\s*" + _NAME + r")?$")
_DATE_WORDS = (r"(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
               r"\d{1,2}(st|nd|rd|th)?\.?\s+" + _MONTHS + r",?\s+\d{4}|"
               + _MONTHS + r"\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4})")
_DATE_RE = re.compile(_DATE_WORDS, _I)
# "Posted on March 3, 2024 by Jane Doe": a date and a byline in one line
_DATED_BYLINE = re.compile(r"^(posted|published|written|updated)(\s+on)?\s+" + _DATE_WORDS +
                           r",?\s+by\s+(?P<name>(?-i:" + _NAME + r"))\s*$", _I)
_DATE_LINE = re.compile(
    r"^((published|updated|posted|last updated|pubblicato|aggiornato|publié|mis à jour|veröffentlicht|"
    r"aktualisiert|publicado|actualizado)( on| le| am| il| el)?\s*:?\s*)?"
    r"((mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?,?\s+)?" + _DATE_WORDS +
    r"([\s,|–—-]+(at\s+)?\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s*[A-Z]{2,4})?)?\.?$", _I)
_NOTES_HEAD = re.compile(r"^(notes?|end ?notes|foot ?notes|references|sources|bibliography|works cited|"
                         r"anmerkungen|fußnoten|einzelnachweise|quellen|riferimenti|fonti|références|"
                         r"notas|referencias|fuentes|noten|bronnen)\s*:?$", _I)
_BIO_HEAD = re.compile(r"^(about the authors?|about the writer|the authors?|über (den|die) autor(in|en)?|zum autor|"
                       r"l'autore|gli autori|sull'autore|à propos de l'auteur|l'auteur|sobre el autor|"
                       r"sobre o autor|over de auteur)\s*:?$", _I)
_EDITOR_NOTE = re.compile(r"^\(?\s*(editor'?s'? note|editorial note|correction|clarification|disclosure|disclaimer|"
                          r"translator[’']?s[’']? note|note from the translator|nota del traduttore|"
                          r"note du traducteur|anmerkung des übersetzers|nota del traductor|nota do tradutor|"
                          r"nota della redazione|n\.d\.r\.|note de la rédaction|anmerkung der redaktion|"
                          r"nota del editor|nota da redação)\s*[:.—–-]", _I)
_CREDIT = re.compile(r"^\(?\s*(translated|translation|traduzione|traduction|übersetzung|übersetzt|"
                     r"traducción|traduzido|vertaald)\s+(by|di|a cura di|par|von|de|por|door)\b.{1,60}\)?$", _I)
_BIO = re.compile(
    r"^" + _NAME + r",?\s+(is|was|has been|serves as|works as|writes|teaches|è|est|ist|es|é)\s+"
    r"(an?|the|un|una|une|ein|eine|el|la|il|lo|currently|also|senior|associate|assistant|adjunct|"
    r"professor|director|editor|journalist|writer|researcher|freelance|former|co-?founder|founder|"
    r"analyst|fellow|contributing|staff|political|based|docente|giornalista|journaliste|chercheur|"
    r"journalist\w*|redakteur\w*|periodista|investigador\w*)\b")


# Cheap substring tests that must pass before the costly unanchored patterns run on a line.
_COOKIE_KEYS = ("cookie", "consent", "gdpr", "datenschutz", "consenso", "consentement", "privacy")
_NEWSLETTER_KEYS = ("newsletter", "sign up", "subscribe", "inbox", "mail", "iscriv", "abonn", "suscr", "assine",
                    "inscreva", "melden sie", "nieuwsbrief", "free article", "log in to", "continue reading",
                    "abbonati")
_CAPTION_KEYS = ("photo", "foto", "image", "picture", "credit", "caption", "bild", "illustration", "©", "|",
                 "/", "immagine", "pictured", "snapshot", "screenshot")
_FOOTER_KEYS = ("©", "(c)", "copyright", "&copy;", "rights", "diritti", "droits", "rechte", "derechos",
                "direitos", "rechten", "powered by", "prava", "prawa", "drejtat", "hakları", "права", "الحقوق")
_FORM_KEYS = ("publi", "pubbli", "gepubliceerd", "first to comment", "veröffentlicht", "required", "obbligatori",
              "obligatoires", "erforderlich",
              "notify", "logged in", "closed", "akismet", "save my name")
# each key list as one alternation of literals: one scan of the line instead of one `in` test per key
_COOKIE_ANY, _NEWSLETTER_ANY, _CAPTION_ANY, _FOOTER_ANY = (
    re.compile("|".join(map(re.escape, keys))) for keys in (_COOKIE_KEYS, _NEWSLETTER_KEYS, _CAPTION_KEYS,
                                                           _FOOTER_KEYS))


def line_reason(line: Line) -> str | None:
    """The boilerplate family a line belongs to on its own evidence, or None."""
    # a hard-wrapped paragraph's words, joined as one line: "All rights\nreserved." is the phrase too
    c = line.core.replace("\n", " ") if "\n" in line.core else line.core
    w = line.words
    if w == 0 or (w <= 3 and _SEPARATOR.match(c)):
        return "separator"
    if w <= 3 and _END_MARKER.match(c):
        return "end_marker"
    if w <= 6 and _PAGE_NUMBER.match(c):
        return "page_header_footer"
    if w <= 14 and not line.prose and _RUNNING_PAGE.search(c):
        return "page_header_footer"
    if line.is_url:
        return "navigation"
    low = c.lower()
    if w > 60:
        # running text: only furniture pasted as one paragraph, told by its sentences, fits a line this long
        return _long_reason(c, low) if w <= _LONGEST else None
    # a sentence that only mentions cookies, comments or a newsletter is news: furniture needs more (above);
    # a label, a button or a fragment of a box is furniture on its words alone
    sentence = line.prose or (line.ends_terminal and w >= 5)
    short = not sentence
    if _cookie(c, low) and (short or speaks_to_reader(c) or _cookie_text(c)):
        return "cookie_banner"
    if w <= 40 and _BY_ACTING.match(c) and re.search(r"\b(this|our|the) (site|website|page)\b|\byou", low):
        return "cookie_banner"   # "By continuing to browse this site ...": what the reader agrees to
    if any(k in low for k in _FORM_KEYS) and _COMMENT_FORM.search(c) and (
            short or phrase_sentence(c, _COMMENT_FORM) or speaks_as_reader(c)):
        return "comment_section"
    if w <= 30 and c[:1].isdigit() and _COMMENT_HEAD.match(c):
        return "comment_section"   # "3 responses to “<headline>”"
    if w <= 12:
        # a label behind arrows or quote marks (">> Read More:") is the label
        r = _short_line_reason(line, c.lstrip(">»›|→ ") or c)
        if r:
            return r
    if w <= 30 and _RELATED_INLINE.match(c):
        return "related_link"
    if w <= 30 and _TAGS.match(c):
        return "tags"
    if w <= 20 and _SHARE_PHRASE.match(c) and (short or speaks_to_reader(c)):
        return "share_buttons"   # "Share prices rose 3% on Monday" is news
    if w <= 40 and _NEWSLETTER_ANY.search(low) and _NEWSLETTER.search(c) and (
            (short and w <= 35) or (_newsletter_sentence(c) and (speaks_to_reader(c) or _PITCH.match(c)))):
        return "newsletter"
    if (w <= 4 or _FOOTER_ANY.search(low)) and _footer(c, w, sentence):
        return "footer"
    # a credit closes a caption; a sentence that closes on "(AP)." is a reference in running text
    if (c.endswith(")") or (c.endswith(").") and not line.prose)) and _CAPTION_END.search(c):
        return "caption"
    if _CAPTION_ANY.search(low) and _CAPTION.search(c):
        return "caption"
    if w <= 40 and not line.prose and _FIGURE.match(c):
        return "caption"
    if w <= 12 and not line.prose and _SOURCE_LINE.match(c):
        return "caption"
    if w <= 6 and _CREDIT_ONLY.match(c):
        return "caption"
    if w <= 20 and c[-1:].isdigit() and _TOC_ENTRY.search(c):
        return "table_of_contents"
    if w <= 30 and not line.prose and _is_breadcrumb(c):
        return "navigation"
    if w >= 4 and _is_doubled(c):
        return "related_link"
    return None


def _short_line_reason(line: Line, c: str) -> str | None:
    """Families whose lines are a dozen words at most (anchored patterns, cheap to fail)."""
    w = line.words
    if _COMMENT_HEAD.match(c):
        return "comment_section"
    if w <= 4 and _COMMENT_FIELD.match(c):
        return "comment_section"
    if _NAV_PHRASE.match(c):
        return "navigation"
    if w <= 8 and _RELATED_HEAD.match(c):
        return "related_link"
    if _CONTINUE.match(c):
        return "related_link"
    if w <= 8 and _AD.match(c):
        return "advertisement"
    if w <= 6 and _CONSENT_LABEL.match(c):
        return "cookie_banner"
    if w <= 3 and _NEWSLETTER_BUTTON.match(c) and not c.lower().startswith(("email", "e-mail", "your")):
        return "newsletter"
    if _is_social_bar(c):
        return "share_buttons"
    if _TOC_HEAD.match(c):
        return "table_of_contents"
    return None


def wrapped_footers(lines: list[Line], reason: list[str | None]) -> None:
    """A rights line a page dump broke over two lines ("... All rights" / "reserved."): neither half holds the
    phrase, the two together do."""
    for a, b in pairwise(lines):
        if reason[a.idx] is not None or reason[b.idx] is not None or b.blank_before:
            continue
        if a.words + b.words > _SHORT:
            continue
        joined = f"{a.core} {b.core}"
        if _COPYRIGHT_NOTICE.search(joined) or phrase_sentence(joined, _RIGHTS):
            reason[a.idx] = reason[b.idx] = "footer"


# the families a short line of an HTML page is judged by as a text line would be; not page numbers, separators,
# end marks, captions or tags, whose shapes mean other things in markup (a table cell "7", a list's "—")
_MARKUP_SAFE = frozenset({"cookie_banner", "comment_section", "share_buttons", "newsletter", "footer",
                          "navigation", "related_link", "advertisement"})


def short_line_reason(text: str) -> str | None:
    """The furniture a line of a dozen words at most is on its own evidence ("Subscribe", "Share on Facebook",
    "Your email address will not be published."), for text whose lines markup split; None otherwise."""
    lines = split_lines(text, merge_wrapped=False)
    if len(lines) != 1 or lines[0].words > _SHORT or lines[0].is_url:
        return None   # a link shown as its address is content in a page (a source, a reference)
    reason = line_reason(lines[0])
    if reason == "navigation" and not _NAV_PHRASE.match(lines[0].core):
        return None   # cells joined by bars are a table row in markup, not a breadcrumb
    return reason if reason in _MARKUP_SAFE else None


def _newsletter_sentence(c: str) -> bool:
    low = c.lower()
    return any(k in low for k in ("newsletter", "inbox", "subscribe", "sign up", "iscriviti", "abonnez",
                                  "abonnieren", "suscríbete", "nieuwsbrief", "assine", "inscreva", "boletín"))


def _is_social_bar(c: str) -> bool:
    """Two or more social network names and hardly any other word."""
    hits = _SOCIAL.findall(c)
    if len(hits) < 2:
        return False
    rest = _SOCIAL.sub(" ", c)
    return len(re.findall(r"\w+", rest)) <= 3


def _is_breadcrumb(c: str) -> bool:
    """Short items joined by » › > | separators, or a run of menu words."""
    parts = [p.strip() for p in _BREADCRUMB_SEP.split(c)]
    if len(parts) >= 3 and all(0 < len(p.split()) <= 4 for p in parts) and not c.endswith("."):
        return True
    words = re.findall(r"[\w-]+", c.lower())
    return len(words) >= 4 and sum(w in _MENU_WORDS for w in words) >= max(3, int(0.7 * len(words)))


def _is_doubled(c: str) -> bool:
    """Link text captured twice back to back ("Title XTitle X"), a sign of a teaser card."""
    n = len(c)
    if n < 20:
        return False
    for cut in (n // 2, (n + 1) // 2):
        a, b = c[:cut].strip(), c[cut:].strip()
        if a and a == b:
            return True
    return False


def is_menu_word_line(line: Line) -> bool:
    """One to three words, one of them a usual menu entry."""
    return 0 < line.words <= 3 and any(w in _MENU_WORDS for w in re.findall(r"[\w-]+",
line.core.lower()))


def is_consent_button(line: Line) -> bool:
    """Accept / Reject / Manage preferences: a button of a consent banner."""
    return line.words <= 6 and bool(_CONSENT_BUTTON.match(line.core))


def is_newsletter_part(line: Line) -> bool:
    """Subscribe / Sign up / Email address: a field or button of a newsletter box."""
    return line.words <= 6 and bool(_NEWSLETTER_BUTTON.match(line.core))


def is_comment_meta(line: Line) -> bool:
    """A comment's header or action line ("Anna says:", "March 3, 2021 at 9:14 pm", "Reply")."""
    return line.words <= 16 and bool(_COMMENT_META.search(line.core))


def is_related_head(line: Line) -> bool:
    """"Also read:", "Related articles", "Leggi anche": a header over a list of links."""
    return line.words <= 8 and bool(_RELATED_HEAD.match(line.core))


def is_byline(line: Line) -> bool:
    """'By Jane Doe', 'Von Max Muster', or an emphasised name alone ("*Jane Doe*")."""
    c = line.core
    if line.words > 16:
        return False
    if _BYLINE.match(c) or _DATED_BYLINE.match(c):
        return True
    return line.emphasis and line.words <= 5 and bool(_NAME_ONLY.match(c))


def is_name_line(line: Line) -> bool:
    """Two to four capitalised words and nothing else ("Jane Doe", "Ana de la Cruz"): maybe a person."""
    c = line.core
    return 2 <= line.words <= 4 and not c.isupper() and not any(ch.isdigit() for ch in c) and bool(
        _NAME_ONLY.match(c)) and not any(w.lower() in _NOT_NAME for w in c.split())


def byline_name(line: Line) -> str:
    """The name(s) in a byline line, without "By" and without the trailing role or date."""
    c = line.core
    dated = _DATED_BYLINE.match(c)
    if dated:
        return dated.group("name").strip(" ,*_")
    m = re.match(r"^(by|von|di|par|por|door|av|af|written by|posted by|author:?|autore:?|auteur\s?:|autor:?|"
                 r"text:|story by|report by|words by)\s+", c, _I)
    if m:
        c = c[m.end():]
    c = re.split(r"\s*[|–—]\s*|\s*,\s*(?=[a-z]|\d|" + _MONTHS + r")", c, maxsplit=1, flags=_I)[0]
    return c.strip(" ,*_")


def is_date_line(line: Line) -> bool:
    """A line that is only a date ("Published: 3 May 2024", "2024-05-03 10:15")."""
    return line.words <= 12 and bool(_DATE_LINE.match(line.core))


def find_date(text: str) -> str | None:
    """The first date written in text, as ISO 8601 (YYYY-MM-DD), or None."""
    from pipelines.core.clean.dates import parse_date

    m = _DATE_RE.search(text)
    return parse_date(m.group(0)) if m else None


def is_bio_head(line: Line) -> bool:
    """"About the author": the lines under it are the author's bio."""
    return line.words <= 5 and bool(_BIO_HEAD.match(line.core))


def is_editor_note(line: Line) -> bool:
    """"Editor's note: ...", "Correction: ...": a note about the article, not part of its text."""
    return line.words <= 80 and bool(_EDITOR_NOTE.match(line.core))


def is_notes_head(line: Line) -> bool:
    return line.words <= 3 and bool(_NOTES_HEAD.match(line.core))


def is_credit(line: Line) -> bool:
    """A translation credit such as "(Translated by ...)": article metadata."""
    return line.words <= 14 and bool(_CREDIT.match(line.core))


def is_bio(line: Line) -> bool:
    """"Jane Doe is a senior fellow at ...": an author bio (when it stands at an article's end)."""
    return 8 <= line.words <= 120 and bool(_BIO.match(line.core))


def is_toc_head(line: Line) -> bool:
    """"Contents", "In this issue": the head of a table of contents."""
    return line.words <= 5 and bool(_TOC_HEAD.match(line.core))


def is_page_ref(line: Line) -> bool:
    """'p.4', 'Page 12', '7': a page number standing alone."""
    return line.words <= 6 and bool(_PAGE_NUMBER.match(line.core))
