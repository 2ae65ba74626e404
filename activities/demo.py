"""The demo VE library: language activities for parent and child, written for this project in
easy Dutch and translated into English, Arabic, Turkish and Polish; three themes with their
words; and, for each VE group, its themes, home activities with the parents' feedback and
parent–child sessions (one held, one coming).

Called by `manage.py demo_data` through `demo_activities`. Everything has a stable identity
(UUIDs from `uuid.uuid5`, themes and words by their Dutch name, the unique constraints of
translations), so a rerun adds nothing twice; feedback and session replies come only with a
home activity or session that is new. What is handed out is tied to the week of `today`:
a rerun in a later week hands out that week's activities, as a professional would.
"""

from __future__ import annotations

import io
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from activities.models import (
    BUILT_IN_GOALS,
    Activity,
    ActivityTranslation,
    GroupTheme,
    HomeActivity,
    HomeActivityFeedback,
    LanguageGoal,
    ParentChildSession,
    SessionFamily,
    Theme,
    ThemeTranslation,
    ThemeWord,
    WordTranslation,
)
from families.models import Guardian, Placement
from groups.models import StaffAssignment
from photos.images import process_photo

if TYPE_CHECKING:
    from accounts.models import User
    from families.models import Family
    from groups.models import Group

_NAMESPACE = uuid.UUID("3d0c8a5e-7b41-4f2a-9c1e-62a4d9b0f5c3")

# The languages the demo library is translated into (Dutch is the master).
DEMO_LANGUAGES = ("en", "ar", "tr", "pl")


# --- Themes and their words -------------------------------------------------------------


@dataclass(frozen=True)
class DemoTheme:
    name: str  # Dutch
    names: dict[str, str]  # per translation language
    # Dutch word with its article, then en, ar, tr, pl.
    words: tuple[tuple[str, str, str, str, str], ...]


THEMES = {
    "herfst": DemoTheme(
        "Herfst",
        {"en": "Autumn", "ar": "الخريف", "tr": "Sonbahar", "pl": "Jesień"},
        (
            ("het blad", "leaf", "ورقة شجر", "yaprak", "liść"),
            ("de boom", "tree", "شجرة", "ağaç", "drzewo"),
            ("de kastanje", "chestnut", "كستناء", "kestane", "kasztan"),
            ("de paddenstoel", "mushroom", "فطر", "mantar", "grzyb"),
            ("de eikel", "acorn", "بلوطة", "meşe palamudu", "żołądź"),
            ("de regen", "rain", "مطر", "yağmur", "deszcz"),
            ("de paraplu", "umbrella", "مظلة", "şemsiye", "parasol"),
            ("de laars", "boot", "حذاء طويل", "çizme", "kalosz"),
            ("de wind", "wind", "ريح", "rüzgâr", "wiatr"),
            ("de pompoen", "pumpkin", "يقطين", "bal kabağı", "dynia"),
        ),
    ),
    "eten": DemoTheme(
        "Eten en drinken",
        {"en": "Food and drink", "ar": "الأكل والشرب", "tr": "Yiyecekler ve içecekler", "pl": "Jedzenie i picie"},
        (
            ("de appel", "apple", "تفاحة", "elma", "jabłko"),
            ("de banaan", "banana", "موزة", "muz", "banan"),
            ("het brood", "bread", "خبز", "ekmek", "chleb"),
            ("de kaas", "cheese", "جبن", "peynir", "ser"),
            ("de melk", "milk", "حليب", "süt", "mleko"),
            ("het water", "water", "ماء", "su", "woda"),
            ("de soep", "soup", "حساء", "çorba", "zupa"),
            ("de lepel", "spoon", "ملعقة", "kaşık", "łyżka"),
            ("het bord", "plate", "صحن", "tabak", "talerz"),
            ("de beker", "cup", "كوب", "bardak", "kubek"),
        ),
    ),
    "lijf": DemoTheme(
        "Mijn lijf",
        {"en": "My body", "ar": "جسمي", "tr": "Vücudum", "pl": "Moje ciało"},
        (
            ("het hoofd", "head", "رأس", "baş", "głowa"),
            ("het haar", "hair", "شعر", "saç", "włosy"),
            ("het oog", "eye", "عين", "göz", "oko"),
            ("de neus", "nose", "أنف", "burun", "nos"),
            ("de mond", "mouth", "فم", "ağız", "usta"),
            ("het oor", "ear", "أذن", "kulak", "ucho"),
            ("de hand", "hand", "يد", "el", "ręka"),
            ("de buik", "belly", "بطن", "karın", "brzuch"),
            ("het been", "leg", "ساق", "bacak", "noga"),
            ("de voet", "foot", "قدم", "ayak", "stopa"),
        ),
    ),
}


# --- Activities ---------------------------------------------------------------------------


def _text(title: str, materials: tuple[str, ...], steps: tuple[str, ...], modelling: str, role: str) -> dict:
    return {
        "title": title,
        "materials": "\n".join(materials),
        "steps": "\n".join(steps),
        "modelling_tip": modelling,
        "parent_role_tip": role,
    }


@dataclass(frozen=True)
class DemoActivity:
    key: str
    theme: str  # a key of THEMES
    goals: tuple[str, ...]  # keys of BUILT_IN_GOALS
    ages: tuple[int, int]  # months
    minutes: int
    texts: dict[str, dict]  # "nl" and each of DEMO_LANGUAGES


ACTIVITIES = (
    DemoActivity(
        "picture_book",
        "herfst",
        ("new_words", "telling", "conversation"),
        (24, 48),
        10,
        {
            "nl": _text(
                "Samen een prentenboek bekijken",
                ("Een prentenboek (uit de bibliotheek of van de groep)", "Een fijne plek op de bank"),
                (
                    "Ga samen lekker zitten.",
                    "Kijk eerst naar de voorkant. Wat zie je?",
                    "Blader langzaam. Je hoeft niet alles voor te lezen.",
                    "Wijs iets aan en zeg wat het is.",
                    "Laat je kind ook aanwijzen. Wacht even.",
                    "Vertel samen: wat gebeurt er nu?",
                ),
                "Wijs de boom aan. Zeg: 'Kijk, een boom. De blaadjes vallen!' Wacht. Kijk je kind aan. "
                "Vraag: 'Wat zie jij?'",
                "Je kind leert de meeste woorden van jou. Praten over de plaatjes helpt meer dan alleen voorlezen. "
                "Dit kan in elke taal: gebruik de taal die jij het best spreekt.",
            ),
            "en": _text(
                "Looking at a picture book together",
                ("A picture book (from the library or the group)", "A comfy spot on the sofa"),
                (
                    "Sit down together comfortably.",
                    "First look at the cover. What do you see?",
                    "Turn the pages slowly. You don't have to read every word.",
                    "Point at something and say what it is.",
                    "Let your child point too. Wait a moment.",
                    "Tell the story together: what is happening now?",
                ),
                "Point at the tree. Say: 'Look, a tree. The leaves are falling!' Wait. Look at your child. "
                "Ask: 'What do you see?'",
                "Your child learns most words from you. Talking about the pictures helps more than only reading "
                "aloud. You can do this in any language: use the language you speak best.",
            ),
            "ar": _text(
                "نتصفّح كتابًا مصوّرًا معًا",
                ("كتاب مصوّر (من المكتبة أو من المجموعة)", "مكان مريح على الأريكة"),
                (
                    "اجلس مع طفلك في مكان مريح.",
                    "انظر إلى الغلاف أولًا. ماذا ترى؟",
                    "قلّب الصفحات ببطء. لا داعي لقراءة كل شيء.",
                    "أشر إلى شيء وقل ما هو.",
                    "دع طفلك يشير أيضًا. انتظر قليلًا.",
                    "احكِ القصة مع طفلك: ماذا يحدث الآن؟",
                ),
                "أشر إلى الشجرة. قل: «انظر، شجرة. الأوراق تتساقط!» انتظر. انظر إلى طفلك. اسأل: «ماذا ترى أنت؟»",
                "يتعلم طفلك معظم الكلمات منك. الحديث عن الصور يفيد أكثر من القراءة فقط. "
                "يمكنك فعل ذلك بأي لغة: استخدم اللغة التي تتقنها أكثر.",
            ),
            "tr": _text(
                "Birlikte resimli kitaba bakmak",
                ("Resimli bir kitap (kütüphaneden ya da gruptan)", "Kanepede rahat bir yer"),
                (
                    "Birlikte rahatça oturun.",
                    "Önce kapağa bakın. Ne görüyorsunuz?",
                    "Sayfaları yavaşça çevirin. Her şeyi okumanız gerekmez.",
                    "Bir şeyi gösterin ve ne olduğunu söyleyin.",
                    "Çocuğunuz da göstersin. Biraz bekleyin.",
                    "Birlikte anlatın: şimdi ne oluyor?",
                ),
                "Ağacı gösterin. 'Bak, bir ağaç. Yapraklar düşüyor!' deyin. Bekleyin. Çocuğunuza bakın. "
                "'Sen ne görüyorsun?' diye sorun.",
                "Çocuğunuz kelimelerin çoğunu sizden öğrenir. Resimler hakkında konuşmak, sadece okumaktan daha "
                "çok yardımcı olur. Bunu her dilde yapabilirsiniz: en iyi konuştuğunuz dili kullanın.",
            ),
            "pl": _text(
                "Razem oglądamy książeczkę obrazkową",
                ("Książeczka obrazkowa (z biblioteki albo z grupy)", "Wygodne miejsce na kanapie"),
                (
                    "Usiądźcie razem wygodnie.",
                    "Najpierw obejrzyjcie okładkę. Co widzicie?",
                    "Przewracaj strony powoli. Nie musisz czytać wszystkiego.",
                    "Pokaż coś palcem i powiedz, co to jest.",
                    "Niech dziecko też pokazuje. Chwilę poczekaj.",
                    "Opowiadajcie razem: co się teraz dzieje?",
                ),
                "Pokaż drzewo. Powiedz: 'Zobacz, drzewo. Liście spadają!' Poczekaj. Popatrz na dziecko. "
                "Zapytaj: 'A co ty widzisz?'",
                "Twoje dziecko uczy się najwięcej słów od ciebie. Rozmowa o obrazkach pomaga bardziej niż samo "
                "czytanie. Możesz to robić w każdym języku: mów w języku, który znasz najlepiej.",
            ),
        },
    ),
    DemoActivity(
        "what_do_you_hear",
        "herfst",
        ("listening", "new_words"),
        (24, 48),
        15,
        {
            "nl": _text(
                "Wat hoor je buiten?",
                ("Jassen en schoenen", "Een stukje straat, een tuin of een park"),
                (
                    "Ga samen naar buiten.",
                    "Sta even stil. Wees allebei stil.",
                    "Luister: wat hoor je?",
                    "Zeg wat je hoort: een auto, een vogel, de wind.",
                    "Zoek samen waar het geluid vandaan komt.",
                    "Doe het geluid na: tuut tuut, piep piep.",
                ),
                "Houd je hand achter je oor. Zeg zacht: 'Ssst… Ik hoor een vogel. Piep piep!' Wijs naar de boom. "
                "Vraag: 'Wat hoor jij?' Wacht rustig.",
                "Goed luisteren is de basis voor praten. Als jij laat zien dat je luistert, doet je kind het na. "
                "Noem de geluiden in je eigen taal; die woorden helpen ook bij het Nederlands.",
            ),
            "en": _text(
                "What do you hear outside?",
                ("Coats and shoes", "A bit of street, a garden or a park"),
                (
                    "Go outside together.",
                    "Stand still for a moment. Both be quiet.",
                    "Listen: what do you hear?",
                    "Say what you hear: a car, a bird, the wind.",
                    "Find out together where the sound comes from.",
                    "Copy the sound: beep beep, tweet tweet.",
                ),
                "Put your hand behind your ear. Say softly: 'Shh… I hear a bird. Tweet tweet!' Point at the tree. "
                "Ask: 'What do you hear?' Wait calmly.",
                "Listening well is the basis for talking. When you show that you listen, your child copies you. "
                "Name the sounds in your own language; those words help with Dutch too.",
            ),
            "ar": _text(
                "ماذا تسمع في الخارج؟",
                ("المعاطف والأحذية", "شارع قريب أو حديقة"),
                (
                    "اخرج مع طفلك.",
                    "قف مع طفلك لحظة بهدوء. لا تتكلّما.",
                    "استمع: ماذا تسمع؟",
                    "قل ما تسمعه: سيارة، عصفور، الريح.",
                    "ابحث مع طفلك: من أين يأتي الصوت؟",
                    "قلّد الصوت: بيب بيب، زقزق زقزق.",
                ),
                "ضع يدك خلف أذنك. قل بصوت منخفض: «ششش… أسمع عصفورًا. زقزق زقزق!» أشر إلى الشجرة. "
                "اسأل: «ماذا تسمع أنت؟» انتظر بهدوء.",
                "الاستماع الجيد هو أساس الكلام. عندما يرى طفلك أنك تستمع، يقلّدك. "
                "سمِّ الأصوات بلغتك؛ هذه الكلمات تساعد في تعلّم الهولندية أيضًا.",
            ),
            "tr": _text(
                "Dışarıda ne duyuyorsun?",
                ("Montlar ve ayakkabılar", "Bir sokak, bahçe ya da park"),
                (
                    "Birlikte dışarı çıkın.",
                    "Bir an durun. İkiniz de sessiz olun.",
                    "Dinleyin: ne duyuyorsunuz?",
                    "Duyduğunuzu söyleyin: bir araba, bir kuş, rüzgâr.",
                    "Sesin nereden geldiğini birlikte arayın.",
                    "Sesi taklit edin: düt düt, cik cik.",
                ),
                "Elinizi kulağınızın arkasına koyun. Yavaşça söyleyin: 'Şşş… Bir kuş duyuyorum. Cik cik!' "
                "Ağacı gösterin. 'Sen ne duyuyorsun?' diye sorun. Sakince bekleyin.",
                "İyi dinlemek konuşmanın temelidir. Sizin dinlediğinizi gören çocuk sizi taklit eder. "
                "Sesleri kendi dilinizde söyleyin; bu kelimeler Hollandacaya da yardımcı olur.",
            ),
            "pl": _text(
                "Co słychać na dworze?",
                ("Kurtki i buty", "Kawałek ulicy, ogród albo park"),
                (
                    "Wyjdźcie razem na dwór.",
                    "Stańcie na chwilę. Bądźcie oboje cicho.",
                    "Posłuchajcie: co słychać?",
                    "Powiedz, co słyszysz: samochód, ptak, wiatr.",
                    "Poszukajcie razem, skąd dochodzi dźwięk.",
                    "Naśladujcie dźwięk: bip bip, ćwir ćwir.",
                ),
                "Przyłóż dłoń do ucha. Powiedz cicho: 'Ciii… Słyszę ptaka. Ćwir ćwir!' Pokaż drzewo. "
                "Zapytaj: 'A co ty słyszysz?' Spokojnie poczekaj.",
                "Uważne słuchanie to podstawa mówienia. Kiedy pokazujesz, że słuchasz, dziecko cię naśladuje. "
                "Nazywaj dźwięki w swoim języku; te słowa pomagają też w nauce niderlandzkiego.",
            ),
        },
    ),
    DemoActivity(
        "hut",
        "herfst",
        ("telling", "conversation", "new_words"),
        (30, 48),
        20,
        {
            "nl": _text(
                "Een hut bouwen en vertellen",
                ("Een paar stoelen", "Een groot laken of een deken", "Kussens", "Een zaklamp (als je die hebt)"),
                (
                    "Zet twee stoelen een stukje uit elkaar.",
                    "Leg samen het laken erover.",
                    "Leg kussens in de hut.",
                    "Kruip samen in de hut.",
                    "Vertel om de beurt: wie woont hier? Wat doen we?",
                    "Buiten regent het. Wat horen we?",
                ),
                "Kruip in de hut. Zeg: 'Wat is het hier donker! Ik pak de zaklamp. Klik!' Kijk je kind aan. "
                "Vraag: 'Wie mag er nog meer in onze hut?' Wacht op een antwoord.",
                "In een hut spelen kinderen vaak een verhaal. Als jij meedoet en vragen stelt, gaat je kind meer "
                "vertellen. Praat in de taal waarin jullie samen spelen.",
            ),
            "en": _text(
                "Build a hut and tell a story",
                ("A few chairs", "A big sheet or a blanket", "Cushions", "A torch (if you have one)"),
                (
                    "Put two chairs a little apart.",
                    "Lay the sheet over them together.",
                    "Put cushions in the hut.",
                    "Crawl into the hut together.",
                    "Take turns telling: who lives here? What are we doing?",
                    "It is raining outside. What do we hear?",
                ),
                "Crawl into the hut. Say: 'It's so dark in here! I'll get the torch. Click!' Look at your child. "
                "Ask: 'Who else can come into our hut?' Wait for an answer.",
                "In a hut, children often play out a story. When you join in and ask questions, your child tells "
                "more. Talk in the language you play in together.",
            ),
            "ar": _text(
                "نبني كوخًا ونحكي",
                ("بعض الكراسي", "شرشف كبير أو بطانية", "وسائد", "مصباح يدوي (إن وُجد)"),
                (
                    "ضع كرسيين بعيدين قليلًا عن بعضهما.",
                    "ضع الشرشف فوقهما مع طفلك.",
                    "ضع الوسائد في الكوخ.",
                    "ادخل مع طفلك إلى الكوخ.",
                    "تكلّما بالتناوب: من يسكن هنا؟ ماذا نفعل؟",
                    "المطر يهطل في الخارج. ماذا نسمع؟",
                ),
                "ادخل إلى الكوخ. قل: «ما أشدّ الظلام هنا! سآخذ المصباح. تك!» انظر إلى طفلك. "
                "اسأل: «من يستطيع أن يدخل كوخنا أيضًا؟» انتظر الجواب.",
                "في الكوخ يلعب الأطفال غالبًا قصة. عندما تشارك وتطرح الأسئلة، يحكي طفلك أكثر. "
                "تكلّم باللغة التي تلعبان بها معًا.",
            ),
            "tr": _text(
                "Battaniyeden çadır kurup anlatmak",
                ("Birkaç sandalye", "Büyük bir çarşaf ya da battaniye", "Yastıklar", "Bir el feneri (varsa)"),
                (
                    "İki sandalyeyi biraz aralıklı koyun.",
                    "Çarşafı birlikte üstüne serin.",
                    "Çadırın içine yastık koyun.",
                    "Birlikte çadıra girin.",
                    "Sırayla anlatın: burada kim yaşıyor? Ne yapıyoruz?",
                    "Dışarıda yağmur yağıyor. Ne duyuyoruz?",
                ),
                "Çadıra girin. 'Burası ne kadar karanlık! Feneri alıyorum. Klik!' deyin. Çocuğunuza bakın. "
                "'Çadırımıza başka kim gelebilir?' diye sorun. Cevabı bekleyin.",
                "Çocuklar çadırda çoğu zaman bir hikâye oynar. Siz de katılıp sorular sorduğunuzda çocuğunuz daha "
                "çok anlatır. Birlikte oynadığınız dilde konuşun.",
            ),
            "pl": _text(
                "Budujemy domek z koca i opowiadamy",
                ("Kilka krzeseł", "Duże prześcieradło albo koc", "Poduszki", "Latarka (jeśli masz)"),
                (
                    "Postaw dwa krzesła trochę od siebie.",
                    "Razem przykryjcie je prześcieradłem.",
                    "Połóżcie poduszki w domku.",
                    "Wejdźcie razem do domku.",
                    "Opowiadajcie na zmianę: kto tu mieszka? Co robimy?",
                    "Na dworze pada deszcz. Co słyszymy?",
                ),
                "Wejdź do domku. Powiedz: 'Ale tu ciemno! Biorę latarkę. Klik!' Popatrz na dziecko. "
                "Zapytaj: 'Kto jeszcze może wejść do naszego domku?' Poczekaj na odpowiedź.",
                "W domku dzieci często odgrywają jakąś historię. Kiedy się włączasz i zadajesz pytania, dziecko "
                "więcej opowiada. Mów w języku, w którym razem się bawicie.",
            ),
        },
    ),
    DemoActivity(
        "photo_of_the_day",
        "herfst",
        ("telling", "conversation"),
        (24, 48),
        10,
        {
            "nl": _text(
                "De foto van de dag",
                ("Een telefoon met een camera",),
                (
                    "Maak samen één foto van iets uit de herfst.",
                    "Bijvoorbeeld een blad, een paddenstoel of de regen.",
                    "Kijk 's avonds samen naar de foto.",
                    "Vraag: 'Wat zie je? Waar was dat?'",
                    "Laat je kind vertellen. Help met een woord als het nodig is.",
                    "Neem de foto mee naar de groep, of zet hem in het portfolio.",
                ),
                "Kijk samen naar de foto. Zeg: 'Kijk, dat was in het park. Hier is een grote paddenstoel!' Wacht. "
                "Vraag: 'Wat deden we daar?' Zeg het zinnetje van je kind nog een keer, iets langer.",
                "Praten over wat jullie samen deden, helpt je kind vertellen. Jij weet wat er gebeurde, dus jij "
                "kunt helpen. Vertel in je eigen taal; op de groep vertelt je kind het dan in het Nederlands.",
            ),
            "en": _text(
                "Photo of the day",
                ("A phone with a camera",),
                (
                    "Take one photo together of something autumn-like.",
                    "For example a leaf, a mushroom or the rain.",
                    "In the evening, look at the photo together.",
                    "Ask: 'What do you see? Where was that?'",
                    "Let your child tell. Help with a word if needed.",
                    "Bring the photo to the group, or put it in the portfolio.",
                ),
                "Look at the photo together. Say: 'Look, that was in the park. Here is a big mushroom!' Wait. "
                "Ask: 'What did we do there?' Repeat your child's little sentence, a bit longer.",
                "Talking about what you did together helps your child learn to tell. You know what happened, so "
                "you can help. Tell it in your own language; at the group your child can tell it in Dutch.",
            ),
            "ar": _text(
                "صورة اليوم",
                ("هاتف فيه كاميرا",),
                (
                    "التقط مع طفلك صورة واحدة لشيء من الخريف.",
                    "مثلًا ورقة شجر أو فطر أو المطر.",
                    "في المساء انظرا إلى الصورة معًا.",
                    "اسأل: «ماذا ترى؟ أين كان ذلك؟»",
                    "دع طفلك يحكي. ساعده بكلمة إذا احتاج.",
                    "أحضر الصورة إلى المجموعة، أو ضعها في ملف الطفل (البورتفوليو).",
                ),
                "انظرا إلى الصورة معًا. قل: «انظر، هذا كان في الحديقة. هنا فطر كبير!» انتظر. "
                "اسأل: «ماذا فعلنا هناك؟» كرّر جملة طفلك، وأطِلها قليلًا.",
                "الحديث عمّا فعلتماه معًا يساعد طفلك على الحكي. أنت تعرف ما حدث، لذلك تستطيع أن تساعده. "
                "احكِ بلغتك؛ وفي المجموعة يحكيها طفلك بالهولندية.",
            ),
            "tr": _text(
                "Günün fotoğrafı",
                ("Kameralı bir telefon",),
                (
                    "Birlikte sonbahardan bir şeyin fotoğrafını çekin.",
                    "Örneğin bir yaprak, bir mantar ya da yağmur.",
                    "Akşam fotoğrafa birlikte bakın.",
                    "'Ne görüyorsun? Orası neresiydi?' diye sorun.",
                    "Çocuğunuz anlatsın. Gerekirse bir kelimeyle yardım edin.",
                    "Fotoğrafı gruba getirin ya da portfolyoya ekleyin.",
                ),
                "Fotoğrafa birlikte bakın. 'Bak, burası park. İşte kocaman bir mantar!' deyin. Bekleyin. "
                "'Orada ne yaptık?' diye sorun. Çocuğunuzun cümlesini biraz uzatarak tekrar edin.",
                "Birlikte yaşadıklarınız hakkında konuşmak, çocuğunuzun anlatmayı öğrenmesine yardım eder. Ne "
                "olduğunu bildiğiniz için yardım edebilirsiniz. Kendi dilinizde anlatın; grupta çocuğunuz bunu "
                "Hollandaca anlatır.",
            ),
            "pl": _text(
                "Zdjęcie dnia",
                ("Telefon z aparatem",),
                (
                    "Zróbcie razem jedno zdjęcie czegoś jesiennego.",
                    "Na przykład liścia, grzyba albo deszczu.",
                    "Wieczorem obejrzyjcie razem zdjęcie.",
                    "Zapytaj: 'Co widzisz? Gdzie to było?'",
                    "Niech dziecko opowiada. Pomóż słowem, jeśli trzeba.",
                    "Przynieś zdjęcie do grupy albo dodaj je do portfolio.",
                ),
                "Oglądajcie razem zdjęcie. Powiedz: 'Zobacz, to było w parku. Tu jest duży grzyb!' Poczekaj. "
                "Zapytaj: 'Co tam robiliśmy?' Powtórz zdanie dziecka, trochę dłuższe.",
                "Rozmowa o tym, co robiliście razem, pomaga dziecku opowiadać. Wiesz, co się wydarzyło, więc "
                "możesz pomóc. Opowiadaj w swoim języku; w grupie dziecko opowie to po niderlandzku.",
            ),
        },
    ),
    DemoActivity(
        "soup",
        "eten",
        ("new_words", "conversation"),
        (30, 48),
        20,
        {
            "nl": _text(
                "Samen soep maken",
                ("Groenten, bijvoorbeeld een wortel, een ui en een tomaat", "Een pan", "Een lepel", "Water"),
                (
                    "Leg de groenten op tafel.",
                    "Pak één groente. Zeg hoe hij heet.",
                    "Laat je kind voelen en ruiken.",
                    "Jij snijdt. Je kind doet de stukjes in de pan.",
                    "Roer samen. Zeg wat je doet.",
                    "Proef samen. Is het warm? Lekker?",
                ),
                "Pak de wortel. Zeg: 'Kijk, een wortel. Hij is oranje en hard.' Geef hem aan je kind. Wacht. "
                "Vraag: 'Wat is dit?' Zegt je kind 'wortel'? Zeg dan: 'Ja, een lange wortel!'",
                "Bij het koken hoort je kind veel woorden: snijden, roeren, heet, zacht. Zeg wat je doet, dan "
                "leert je kind de woorden vanzelf. Koken en praten kan prima in je eigen taal.",
            ),
            "en": _text(
                "Making soup together",
                ("Vegetables, for example a carrot, an onion and a tomato", "A pan", "A spoon", "Water"),
                (
                    "Put the vegetables on the table.",
                    "Pick up one vegetable. Say its name.",
                    "Let your child feel and smell it.",
                    "You cut. Your child puts the pieces in the pan.",
                    "Stir together. Say what you are doing.",
                    "Taste together. Is it warm? Tasty?",
                ),
                "Pick up the carrot. Say: 'Look, a carrot. It is orange and hard.' Give it to your child. Wait. "
                "Ask: 'What is this?' Does your child say 'carrot'? Then say: 'Yes, a long carrot!'",
                "While cooking, your child hears lots of words: cut, stir, hot, soft. Say what you are doing, and "
                "your child learns the words naturally. Cooking and talking work just as well in your own language.",
            ),
            "ar": _text(
                "نطبخ الحساء معًا",
                ("خضار، مثلًا جزرة وبصلة وطماطم", "قِدر", "ملعقة", "ماء"),
                (
                    "ضع الخضار على الطاولة.",
                    "خذ نوعًا واحدًا من الخضار. قل اسمه.",
                    "دع طفلك يلمسه ويشمّه.",
                    "أنت تقطّع. وطفلك يضع القطع في القدر.",
                    "حرّكا الحساء معًا. قل ماذا تفعل.",
                    "تذوّقا معًا. هل هو دافئ؟ لذيذ؟",
                ),
                "خذ الجزرة. قل: «انظر، جزرة. لونها برتقالي وهي قاسية.» أعطها لطفلك. انتظر. اسأل: «ما هذا؟» "
                "هل قال طفلك «جزرة»؟ قل: «نعم، جزرة طويلة!»",
                "أثناء الطبخ يسمع طفلك كلمات كثيرة: يقطّع، يحرّك، ساخن، طري. قل ماذا تفعل، فيتعلّم طفلك الكلمات "
                "بشكل طبيعي. الطبخ والكلام ممكنان تمامًا بلغتك.",
            ),
            "tr": _text(
                "Birlikte çorba yapmak",
                ("Sebzeler, örneğin bir havuç, bir soğan ve bir domates", "Bir tencere", "Bir kaşık", "Su"),
                (
                    "Sebzeleri masaya koyun.",
                    "Bir sebze alın. Adını söyleyin.",
                    "Çocuğunuz dokunsun ve koklasın.",
                    "Siz doğrayın. Çocuğunuz parçaları tencereye atsın.",
                    "Birlikte karıştırın. Ne yaptığınızı söyleyin.",
                    "Birlikte tadına bakın. Sıcak mı? Lezzetli mi?",
                ),
                "Havucu alın. 'Bak, bir havuç. Turuncu ve sert.' deyin. Çocuğunuza verin. Bekleyin. "
                "'Bu ne?' diye sorun. Çocuğunuz 'havuç' mu dedi? O zaman 'Evet, uzun bir havuç!' deyin.",
                "Yemek yaparken çocuğunuz birçok kelime duyar: doğramak, karıştırmak, sıcak, yumuşak. Ne "
                "yaptığınızı söyleyin, çocuğunuz kelimeleri kendiliğinden öğrenir. Bunu kendi dilinizde de "
                "çok iyi yapabilirsiniz.",
            ),
            "pl": _text(
                "Gotujemy razem zupę",
                ("Warzywa, na przykład marchewka, cebula i pomidor", "Garnek", "Łyżka", "Woda"),
                (
                    "Połóż warzywa na stole.",
                    "Weź jedno warzywo. Powiedz, jak się nazywa.",
                    "Niech dziecko dotknie i powącha.",
                    "Ty kroisz. Dziecko wrzuca kawałki do garnka.",
                    "Mieszajcie razem. Mów, co robisz.",
                    "Spróbujcie razem. Ciepłe? Smaczne?",
                ),
                "Weź marchewkę. Powiedz: 'Zobacz, marchewka. Jest pomarańczowa i twarda.' Daj ją dziecku. "
                "Poczekaj. Zapytaj: 'Co to jest?' Dziecko mówi 'marchewka'? Powiedz: 'Tak, długa marchewka!'",
                "Przy gotowaniu dziecko słyszy dużo słów: kroić, mieszać, gorący, miękki. Mów, co robisz, a "
                "dziecko samo nauczy się tych słów. Gotować i rozmawiać możesz świetnie w swoim języku.",
            ),
        },
    ),
    DemoActivity(
        "feely_bag",
        "eten",
        ("new_words", "asking_questions"),
        (24, 48),
        10,
        {
            "nl": _text(
                "De voelzak",
                (
                    "Een stoffen tas of een kussensloop",
                    "Dingen uit de keuken: een appel, een banaan, een lepel, een beker",
                ),
                (
                    "Doe de spullen in de tas. Je kind kijkt niet.",
                    "Laat je kind één ding voelen in de tas.",
                    "Vraag: 'Wat voel je? Is het zacht of hard?'",
                    "Laat je kind raden wat het is.",
                    "Haal het eruit. Zeg samen hoe het heet.",
                    "Nu is het jouw beurt. Je kind stelt de vraag.",
                ),
                "Voel in de tas. Zeg: 'Hmm… Het is rond. Het is glad. Ik denk… een appel!' Haal de appel eruit. "
                "Zeg: 'Ja! Een rode appel.' Geef de tas aan je kind. Vraag: 'Wat voel jij?'",
                "Raden en vragen maakt kinderen nieuwsgierig naar woorden. Als jij hardop denkt, hoort je kind hoe "
                "je een ding beschrijft. Doe het in de taal die jullie thuis spreken.",
            ),
            "en": _text(
                "The feely bag",
                ("A cloth bag or a pillowcase", "Things from the kitchen: an apple, a banana, a spoon, a cup"),
                (
                    "Put the things in the bag. Your child does not look.",
                    "Let your child feel one thing inside the bag.",
                    "Ask: 'What do you feel? Is it soft or hard?'",
                    "Let your child guess what it is.",
                    "Take it out. Say its name together.",
                    "Now it is your turn. Your child asks the question.",
                ),
                "Feel in the bag. Say: 'Hmm… It is round. It is smooth. I think… an apple!' Take out the apple. "
                "Say: 'Yes! A red apple.' Give the bag to your child. Ask: 'What do you feel?'",
                "Guessing and asking make children curious about words. When you think out loud, your child hears "
                "how to describe a thing. Do it in the language you speak at home.",
            ),
            "ar": _text(
                "كيس اللمس",
                ("كيس من القماش أو غطاء وسادة", "أشياء من المطبخ: تفاحة، موزة، ملعقة، كوب"),
                (
                    "ضع الأشياء في الكيس. لا ينظر طفلك.",
                    "دع طفلك يلمس شيئًا واحدًا داخل الكيس.",
                    "اسأل: «ماذا تلمس؟ هل هو طري أم قاسٍ؟»",
                    "دع طفلك يخمّن ما هو.",
                    "أخرجه. قولا اسمه معًا.",
                    "الآن دورك. طفلك يطرح السؤال.",
                ),
                "المس الأشياء داخل الكيس. قل: «همم… إنه مستدير. إنه أملس. أظن… تفاحة!» أخرج التفاحة. "
                "قل: «نعم! تفاحة حمراء.» أعطِ الكيس لطفلك. اسأل: «ماذا تلمس أنت؟»",
                "التخمين والسؤال يجعلان الأطفال فضوليين تجاه الكلمات. عندما تفكّر بصوت عالٍ، يسمع طفلك كيف نصف "
                "الأشياء. افعل ذلك باللغة التي تتكلمونها في البيت.",
            ),
            "tr": _text(
                "Dokunma torbası",
                ("Bez bir torba ya da yastık kılıfı", "Mutfaktan eşyalar: bir elma, bir muz, bir kaşık, bir bardak"),
                (
                    "Eşyaları torbaya koyun. Çocuğunuz bakmasın.",
                    "Çocuğunuz torbanın içinde bir şeye dokunsun.",
                    "'Ne hissediyorsun? Yumuşak mı, sert mi?' diye sorun.",
                    "Çocuğunuz ne olduğunu tahmin etsin.",
                    "Çıkarın. Adını birlikte söyleyin.",
                    "Şimdi sıra sizde. Soruyu çocuğunuz sorsun.",
                ),
                "Torbanın içine dokunun. 'Hmm… Yuvarlak. Pürüzsüz. Bence… bir elma!' deyin. Elmayı çıkarın. "
                "'Evet! Kırmızı bir elma.' deyin. Torbayı çocuğunuza verin. 'Sen ne hissediyorsun?' diye sorun.",
                "Tahmin etmek ve sormak çocukları kelimelere meraklı yapar. Siz yüksek sesle düşündüğünüzde "
                "çocuğunuz bir şeyin nasıl anlatıldığını duyar. Bunu evde konuştuğunuz dilde yapın.",
            ),
            "pl": _text(
                "Magiczny woreczek",
                ("Materiałowa torba albo poszewka na poduszkę", "Rzeczy z kuchni: jabłko, banan, łyżka, kubek"),
                (
                    "Włóż rzeczy do torby. Dziecko nie patrzy.",
                    "Niech dziecko dotknie jednej rzeczy w torbie.",
                    "Zapytaj: 'Co czujesz? Czy to jest miękkie, czy twarde?'",
                    "Niech dziecko zgadnie, co to jest.",
                    "Wyjmij to. Powiedzcie razem, jak się nazywa.",
                    "Teraz twoja kolej. Dziecko zadaje pytanie.",
                ),
                "Włóż rękę do torby. Powiedz: 'Hmm… Jest okrągłe. Jest gładkie. Myślę, że… jabłko!' Wyjmij "
                "jabłko. Powiedz: 'Tak! Czerwone jabłko.' Daj torbę dziecku. Zapytaj: 'A ty co czujesz?'",
                "Zgadywanie i pytanie budzą w dzieciach ciekawość słów. Kiedy myślisz na głos, dziecko słyszy, "
                "jak opisuje się rzeczy. Rób to w języku, którym mówicie w domu.",
            ),
        },
    ),
    DemoActivity(
        "shop",
        "eten",
        ("conversation", "asking_questions", "new_words"),
        (30, 48),
        15,
        {
            "nl": _text(
                "Winkeltje spelen",
                (
                    "Spullen uit de keukenkast: een pak melk, een brood, fruit",
                    "Een tas",
                    "Een portemonnee, of knopen als geld",
                ),
                (
                    "Zet de spullen op tafel. Dat is de winkel.",
                    "Jij bent de winkelier. Je kind is de klant.",
                    "Je kind zegt wat het wil kopen.",
                    "Geef het en vraag: 'Wil je nog iets?'",
                    "Je kind betaalt met de knopen.",
                    "Ruil daarna: nu ben jij de klant.",
                ),
                "Zeg als winkelier: 'Goedemorgen! Wat wil je hebben?' Wacht. Wijst je kind naar de banaan? "
                "Zeg: 'O, je wilt een banaan. Alsjeblieft!' Geef de banaan. Zeg: 'Dat is één knoop.'",
                "In een rollenspel oefent je kind echte gesprekjes: vragen, antwoorden, om de beurt praten. Neem "
                "de tijd en wacht op je kind. Speel het in je eigen taal; in de winkel hoort je kind ook Nederlands.",
            ),
            "en": _text(
                "Playing shop",
                (
                    "Things from the kitchen cupboard: a carton of milk, a loaf, fruit",
                    "A bag",
                    "A purse, or buttons as money",
                ),
                (
                    "Put the things on the table. That is the shop.",
                    "You are the shopkeeper. Your child is the customer.",
                    "Your child says what they want to buy.",
                    "Hand it over and ask: 'Anything else?'",
                    "Your child pays with the buttons.",
                    "Then swap: now you are the customer.",
                ),
                "As the shopkeeper, say: 'Good morning! What would you like?' Wait. Does your child point at the "
                "banana? Say: 'Oh, you would like a banana. Here you are!' Give the banana. Say: 'That's one button.'",
                "In role play your child practises real conversations: asking, answering, taking turns. Take your "
                "time and wait for your child. Play it in your own language; in real shops your child hears Dutch.",
            ),
            "ar": _text(
                "نلعب لعبة الدكّان",
                ("أشياء من خزانة المطبخ: علبة حليب، خبز، فاكهة", "حقيبة", "محفظة، أو أزرار بدل النقود"),
                (
                    "ضع الأشياء على الطاولة. هذا هو الدكّان.",
                    "أنت البائع. وطفلك هو الزبون.",
                    "يقول طفلك ماذا يريد أن يشتري.",
                    "أعطه الشيء واسأل: «هل تريد شيئًا آخر؟»",
                    "يدفع طفلك بالأزرار.",
                    "بعد ذلك تبادلا الأدوار: الآن أنت الزبون.",
                ),
                "قل كبائع: «صباح الخير! ماذا تريد؟» انتظر. هل يشير طفلك إلى الموزة؟ قل: «آه، تريد موزة. تفضّل!» "
                "أعطه الموزة. قل: «الثمن زرّ واحد.»",
                "في لعب الأدوار يتدرّب طفلك على محادثات حقيقية: السؤال والجواب والكلام بالتناوب. خذ وقتك وانتظر "
                "طفلك. العبها بلغتك؛ وفي المتاجر الحقيقية يسمع طفلك الهولندية أيضًا.",
            ),
            "tr": _text(
                "Bakkalcılık oynamak",
                (
                    "Mutfak dolabından şeyler: bir kutu süt, bir ekmek, meyve",
                    "Bir çanta",
                    "Bir cüzdan ya da para yerine düğmeler",
                ),
                (
                    "Eşyaları masaya koyun. Burası dükkân.",
                    "Siz satıcısınız. Çocuğunuz müşteri.",
                    "Çocuğunuz ne almak istediğini söylesin.",
                    "Verin ve sorun: 'Başka bir şey ister misin?'",
                    "Çocuğunuz düğmelerle ödesin.",
                    "Sonra yer değiştirin: şimdi müşteri sizsiniz.",
                ),
                "Satıcı olarak söyleyin: 'Günaydın! Ne istersin?' Bekleyin. Çocuğunuz muzu mu gösteriyor? "
                "'Aa, muz istiyorsun. Buyur!' deyin. Muzu verin. 'Bir düğme, lütfen.' deyin.",
                "Rol oyununda çocuğunuz gerçek konuşmaları dener: sormak, cevap vermek, sırayla konuşmak. Acele "
                "etmeyin, çocuğunuzu bekleyin. Kendi dilinizde oynayın; dükkânlarda çocuğunuz Hollandaca da duyar.",
            ),
            "pl": _text(
                "Zabawa w sklep",
                (
                    "Rzeczy z kuchennej szafki: karton mleka, chleb, owoce",
                    "Torba",
                    "Portmonetka albo guziki zamiast pieniędzy",
                ),
                (
                    "Połóż rzeczy na stole. To jest sklep.",
                    "Ty jesteś sprzedawcą. Dziecko jest klientem.",
                    "Dziecko mówi, co chce kupić.",
                    "Podaj to i zapytaj: 'Coś jeszcze?'",
                    "Dziecko płaci guzikami.",
                    "Potem zamieńcie się: teraz ty jesteś klientem.",
                ),
                "Jako sprzedawca powiedz: 'Dzień dobry! Co podać?' Poczekaj. Dziecko pokazuje banana? "
                "Powiedz: 'Aha, banan. Proszę bardzo!' Daj banana. Powiedz: 'Jeden guzik, proszę.'",
                "W zabawie w role dziecko ćwiczy prawdziwe rozmowy: pytać, odpowiadać, mówić na zmianę. Nie spiesz "
                "się i poczekaj na dziecko. Bawcie się w swoim języku; w sklepie dziecko słyszy też niderlandzki.",
            ),
        },
    ),
    DemoActivity(
        "telephone",
        "eten",
        ("conversation", "listening", "telling"),
        (30, 48),
        10,
        {
            "nl": _text(
                "Het telefoonspel",
                ("Twee oude telefoons, of twee bekers, of een banaan als telefoon",),
                (
                    "Geef je kind een telefoon. Pak er zelf ook een.",
                    "Bel je kind op: 'Tring tring!'",
                    "Vraag: 'Hallo, met wie spreek ik?'",
                    "Vraag wat je kind vandaag heeft gegeten.",
                    "Luister goed. Stel nog een vraag.",
                    "Nu belt je kind jou op.",
                ),
                "Houd de banaan bij je oor. Zeg: 'Tring tring! Hallo, met mama. Wat heb jij gegeten?' Wacht. "
                "Zegt je kind 'brood'? Zeg: 'Brood! Met kaas of met jam?'",
                "Aan de telefoon praat je om de beurt en luister je goed. Dat oefent je kind hier al spelend. "
                "Bellen met opa of oma in jullie eigen taal is ook een mooie oefening.",
            ),
            "en": _text(
                "The telephone game",
                ("Two old phones, or two cups, or a banana as a phone",),
                (
                    "Give your child a phone. Take one yourself.",
                    "Call your child: 'Ring ring!'",
                    "Ask: 'Hello, who am I speaking to?'",
                    "Ask what your child ate today.",
                    "Listen carefully. Ask one more question.",
                    "Now your child calls you.",
                ),
                "Hold the banana to your ear. Say: 'Ring ring! Hello, it's Mummy. What did you eat?' Wait. "
                "Does your child say 'bread'? Say: 'Bread! With cheese or with jam?'",
                "On the phone you take turns and listen carefully. Your child practises that here through play. "
                "Calling grandma or grandpa in your own language is good practice too.",
            ),
            "ar": _text(
                "لعبة الهاتف",
                ("هاتفان قديمان، أو كوبان، أو موزة كأنها هاتف",),
                (
                    "أعطِ طفلك هاتفًا. وخذ أنت هاتفًا أيضًا.",
                    "اتصل بطفلك: «ترن ترن!»",
                    "اسأل: «ألو، من يتكلّم؟»",
                    "اسأل ماذا أكل طفلك اليوم.",
                    "استمع جيدًا. اطرح سؤالًا آخر.",
                    "الآن يتصل بك طفلك.",
                ),
                "ضع الموزة على أذنك. قل: «ترن ترن! ألو، أنا ماما. ماذا أكلت؟» انتظر. هل قال طفلك «خبز»؟ "
                "قل: «خبز! مع الجبن أم مع المربّى؟»",
                "في الهاتف نتكلّم بالتناوب ونستمع جيدًا. يتدرّب طفلك على ذلك هنا وهو يلعب. "
                "الاتصال بالجدّ أو الجدّة بلغتكم تمرين جميل أيضًا.",
            ),
            "tr": _text(
                "Telefon oyunu",
                ("İki eski telefon, ya da iki bardak, ya da telefon yerine bir muz",),
                (
                    "Çocuğunuza bir telefon verin. Siz de bir tane alın.",
                    "Çocuğunuzu arayın: 'Zırr zırr!'",
                    "Sorun: 'Alo, kiminle konuşuyorum?'",
                    "Çocuğunuza bugün ne yediğini sorun.",
                    "İyi dinleyin. Bir soru daha sorun.",
                    "Şimdi çocuğunuz sizi arasın.",
                ),
                "Muzu kulağınıza tutun. 'Zırr zırr! Alo, ben annen. Sen ne yedin?' deyin. Bekleyin. Çocuğunuz "
                "'ekmek' mi dedi? 'Ekmek! Peynirli mi, reçelli mi?' deyin.",
                "Telefonda sırayla konuşur ve iyi dinleriz. Çocuğunuz bunu burada oynayarak öğrenir. "
                "Kendi dilinizde dedeyi ya da nineyi aramak da güzel bir alıştırmadır.",
            ),
            "pl": _text(
                "Zabawa w telefon",
                ("Dwa stare telefony albo dwa kubki, albo banan jako telefon",),
                (
                    "Daj dziecku telefon. Ty też weź jeden.",
                    "Zadzwoń do dziecka: 'Dryń dryń!'",
                    "Zapytaj: 'Halo, kto mówi?'",
                    "Zapytaj, co dziecko dziś jadło.",
                    "Słuchaj uważnie. Zadaj jeszcze jedno pytanie.",
                    "Teraz dziecko dzwoni do ciebie.",
                ),
                "Przyłóż banana do ucha. Powiedz: 'Dryń dryń! Halo, tu mama. Co dziś było na obiad?' Poczekaj. "
                "Dziecko mówi 'chleb'? Powiedz: 'Chleb! Z serem czy z dżemem?'",
                "Przez telefon mówimy na zmianę i uważnie słuchamy. Tutaj dziecko ćwiczy to w zabawie. "
                "Rozmowa z babcią albo dziadkiem w waszym języku to też dobre ćwiczenie.",
            ),
        },
    ),
    DemoActivity(
        "body_song",
        "lijf",
        ("songs_rhymes", "new_words", "listening"),
        (24, 48),
        5,
        {
            "nl": _text(
                "Een liedje met gebaren",
                ("Niets! Alleen jullie lijf en je stem",),
                (
                    "Ga tegenover elkaar zitten.",
                    "Zing langzaam: 'Dit is mijn neus, mijn neus, mijn neus.'",
                    "Wijs bij het zingen je neus aan.",
                    "Zing het nog eens met buik, handen en voeten.",
                    "Stop soms even. Laat je kind het woord zeggen.",
                    "Zing ook een liedje over het lijf uit je eigen taal.",
                ),
                "Wijs je neus aan en zing: 'Dit is mijn neus, mijn neus, mijn neus.' Tik dan zacht op de neus van "
                "je kind. Zing: 'Dit is jouw…' Stop. Wacht. Laat je kind 'neus!' zeggen. Klap samen.",
                "Liedjes met gebaren helpen onthouden: je kind hoort, ziet en doet het woord. Herhalen is goed, "
                "dus zing het vaak. Liedjes uit je eigen taal zijn net zo waardevol.",
            ),
            "en": _text(
                "A song with gestures",
                ("Nothing! Just your bodies and your voice",),
                (
                    "Sit facing each other.",
                    "Sing slowly: 'This is my nose, my nose, my nose.'",
                    "Point at your nose while you sing.",
                    "Sing it again with tummy, hands and feet.",
                    "Sometimes stop. Let your child say the word.",
                    "Also sing a song about the body in your own language.",
                ),
                "Point at your nose and sing: 'This is my nose, my nose, my nose.' Then gently tap your child's "
                "nose. Sing: 'This is your…' Stop. Wait. Let your child say 'nose!' Clap together.",
                "Songs with gestures help children remember: your child hears, sees and does the word. Repeating "
                "is good, so sing it often. Songs in your own language are just as valuable.",
            ),
            "ar": _text(
                "أغنية مع حركات",
                ("لا شيء! فقط جسماكما وصوتك",),
                (
                    "اجلسا وجهًا لوجه.",
                    "غنِّ ببطء: «هذا أنفي، أنفي، أنفي.»",
                    "أشر إلى أنفك وأنت تغنّي.",
                    "غنِّها مرة أخرى مع البطن واليدين والقدمين.",
                    "توقّف أحيانًا. دع طفلك يقول الكلمة.",
                    "غنِّ أيضًا أغنية عن الجسم بلغتك.",
                ),
                "أشر إلى أنفك وغنِّ: «هذا أنفي، أنفي، أنفي.» ثم المس أنف طفلك بلطف. غنِّ: «وهذا…» توقّف. انتظر. "
                "دع طفلك يقول «أنف!» صفّقا معًا.",
                "الأغاني مع الحركات تساعد على التذكّر: طفلك يسمع الكلمة ويراها ويفعلها. التكرار مفيد، فغنِّها "
                "كثيرًا. الأغاني بلغتك لها القيمة نفسها.",
            ),
            "tr": _text(
                "Hareketli bir şarkı",
                ("Hiçbir şey! Sadece vücudunuz ve sesiniz",),
                (
                    "Karşılıklı oturun.",
                    "Yavaşça şarkı söyleyin: 'Bu benim burnum, burnum, burnum.'",
                    "Şarkı söylerken burnunuzu gösterin.",
                    "Karın, eller ve ayaklarla tekrar söyleyin.",
                    "Ara sıra durun. Kelimeyi çocuğunuz söylesin.",
                    "Kendi dilinizde vücutla ilgili bir şarkı da söyleyin.",
                ),
                "Burnunuzu gösterip söyleyin: 'Bu benim burnum, burnum, burnum.' Sonra çocuğunuzun burnuna "
                "hafifçe dokunun. 'Bu senin…' diye söyleyin. Durun. Bekleyin. Çocuğunuz 'burun!' desin. "
                "Birlikte alkışlayın.",
                "Hareketli şarkılar akılda tutmaya yardım eder: çocuğunuz kelimeyi duyar, görür ve yapar. Tekrar "
                "etmek iyidir, sık sık söyleyin. Kendi dilinizdeki şarkılar da aynı derecede değerlidir.",
            ),
            "pl": _text(
                "Piosenka z gestami",
                ("Nic! Tylko wasze ciała i twój głos",),
                (
                    "Usiądźcie naprzeciwko siebie.",
                    "Śpiewaj powoli: 'To jest mój nos, mój nos, mój nos.'",
                    "Podczas śpiewania pokaż swój nos.",
                    "Zaśpiewaj jeszcze raz: brzuch, ręce i stopy.",
                    "Czasem przerwij. Niech dziecko powie słowo.",
                    "Zaśpiewaj też piosenkę o ciele w swoim języku.",
                ),
                "Pokaż swój nos i zaśpiewaj: 'To jest mój nos, mój nos, mój nos.' Potem delikatnie dotknij nosa "
                "dziecka. Zaśpiewaj: 'A to twój…' Przerwij. Poczekaj. Niech dziecko powie 'nos!' Klaśnijcie razem.",
                "Piosenki z gestami pomagają zapamiętać: dziecko słyszy, widzi i robi to słowo. Powtarzanie jest "
                "dobre, więc śpiewajcie często. Piosenki w twoim języku są tak samo cenne.",
            ),
        },
    ),
    DemoActivity(
        "bath",
        "lijf",
        ("new_words", "conversation"),
        (24, 48),
        15,
        {
            "nl": _text(
                "Woorden in bad",
                ("Het bad of een teil met water", "Een washandje", "Een beker", "Een badeendje of ander speelgoed"),
                (
                    "Zeg wat je wast: 'Nu was ik je arm.'",
                    "Vraag: 'Wat zullen we nu wassen?'",
                    "Laat je kind een lichaamsdeel aanwijzen.",
                    "Giet water uit de beker. Zeg: 'Vol… leeg!'",
                    "Laat de eend zwemmen. Praat over wat hij doet.",
                ),
                "Pak het washandje. Zeg: 'Ik was je voet. Eén voet… en nog een voet!' Kietel zacht. Wacht. "
                "Vraag: 'En nu? Je buik of je hand?' Laat je kind kiezen en zeg het woord nog een keer.",
                "In bad heeft je kind al je aandacht. Rustig praten over wat jullie doen, geeft je kind veel "
                "woorden. Praat in de taal die voor jou het meest vertrouwd voelt.",
            ),
            "en": _text(
                "Bath-time words",
                ("The bath or a tub of water", "A flannel", "A cup", "A rubber duck or another toy"),
                (
                    "Say what you wash: 'Now I'm washing your arm.'",
                    "Ask: 'What shall we wash now?'",
                    "Let your child point at a part of the body.",
                    "Pour water from the cup. Say: 'Full… empty!'",
                    "Let the duck swim. Talk about what it does.",
                ),
                "Take the flannel. Say: 'I'm washing your foot. One foot… and another foot!' Tickle gently. Wait. "
                "Ask: 'And now? Your tummy or your hand?' Let your child choose and say the word again.",
                "In the bath your child has all your attention. Talking calmly about what you are doing gives your "
                "child lots of words. Talk in the language that feels most familiar to you.",
            ),
            "ar": _text(
                "كلمات في وقت الحمّام",
                ("حوض الاستحمام أو طست فيه ماء", "ليفة أو منشفة صغيرة", "كوب", "بطة مطاطية أو لعبة أخرى"),
                (
                    "قل ما تغسله: «الآن أغسل ذراعك.»",
                    "اسأل: «ماذا نغسل الآن؟»",
                    "دع طفلك يشير إلى جزء من جسمه.",
                    "اسكب الماء من الكوب. قل: «ممتلئ… فارغ!»",
                    "دع البطة تسبح. تحدّث عمّا تفعله.",
                ),
                "خذ الليفة. قل: «أغسل قدمك. قدم واحدة… وقدم أخرى!» دغدغه بلطف. انتظر. اسأل: «والآن؟ بطنك أم "
                "يدك؟» دع طفلك يختار، وقل الكلمة مرة أخرى.",
                "في الحمّام ينال طفلك كل انتباهك. الكلام بهدوء عمّا تفعلانه يعطي طفلك كلمات كثيرة. "
                "تكلّم باللغة الأقرب إليك.",
            ),
            "tr": _text(
                "Banyoda kelimeler",
                (
                    "Küvet ya da su dolu bir leğen",
                    "Bir banyo eldiveni ya da küçük bir havlu",
                    "Bir bardak",
                    "Bir oyuncak ördek ya da başka bir oyuncak",
                ),
                (
                    "Ne yıkadığınızı söyleyin: 'Şimdi kolunu yıkıyorum.'",
                    "'Şimdi neyi yıkayalım?' diye sorun.",
                    "Çocuğunuz vücudunun bir yerini göstersin.",
                    "Bardaktan su dökün. 'Dolu… boş!' deyin.",
                    "Ördeği yüzdürün. Ne yaptığını konuşun.",
                ),
                "Banyo eldivenini alın. 'Ayağını yıkıyorum. Bir ayak… bir ayak daha!' deyin. Hafifçe gıdıklayın. "
                "Bekleyin. 'Şimdi ne? Karnın mı, elin mi?' diye sorun. Çocuğunuz seçsin, kelimeyi tekrar söyleyin.",
                "Banyoda çocuğunuz bütün dikkatinizi alır. Ne yaptığınızı sakince anlatmak çocuğunuza birçok kelime "
                "kazandırır. Size en tanıdık gelen dilde konuşun.",
            ),
            "pl": _text(
                "Słowa w kąpieli",
                ("Wanna albo miska z wodą", "Myjka", "Kubek", "Gumowa kaczuszka albo inna zabawka"),
                (
                    "Mów, co myjesz: 'Teraz myję twoją rękę.'",
                    "Zapytaj: 'Co teraz umyjemy?'",
                    "Niech dziecko pokaże część ciała.",
                    "Lej wodę z kubka. Powiedz: 'Pełny… pusty!'",
                    "Niech kaczka pływa. Rozmawiajcie o tym, co robi.",
                ),
                "Weź myjkę. Powiedz: 'Myję twoją stopę. Jedna stopa… i druga stopa!' Delikatnie połaskocz. "
                "Poczekaj. Zapytaj: 'A teraz? Brzuszek czy rączka?' Niech dziecko wybierze, a ty powtórz słowo.",
                "W kąpieli dziecko ma całą twoją uwagę. Spokojna rozmowa o tym, co robicie, daje dziecku dużo "
                "słów. Mów w języku, który jest ci najbliższy.",
            ),
        },
    ),
    DemoActivity(
        "laundry",
        "lijf",
        ("new_words", "listening", "conversation"),
        (24, 48),
        10,
        {
            "nl": _text(
                "Was sorteren op kleur",
                ("Een mand met schone was: sokken, shirts, broeken", "Twee of drie bakken, of stapels"),
                (
                    "Leg de was op de grond of op bed.",
                    "Pak een sok. Zeg de kleur: 'Een rode sok.'",
                    "Maak een stapel voor elke kleur.",
                    "Vraag: 'Waar hoort deze blauwe sok?'",
                    "Zoek samen de twee sokken van een paar.",
                    "Vraag: 'Van wie is dit? Waar trek je het aan?'",
                ),
                "Pak een rode sok. Zeg: 'Kijk, een rode sok. Die gaat om je voet.' Leg hem op de rode stapel. Geef "
                "je kind een blauw shirt. Vraag: 'Waar moet deze?' Wacht. Zeg daarna: 'Ja, bij blauw!'",
                "Ook gewone klusjes in huis zijn taalmomenten. Als je kind meehelpt en jij erover praat, leert het "
                "kleuren, kleren en lichaamsdelen. Dat werkt in elke taal.",
            ),
            "en": _text(
                "Sorting the laundry by colour",
                ("A basket of clean laundry: socks, shirts, trousers", "Two or three boxes, or piles"),
                (
                    "Put the laundry on the floor or on the bed.",
                    "Pick up a sock. Say its colour: 'A red sock.'",
                    "Make a pile for each colour.",
                    "Ask: 'Where does this blue sock go?'",
                    "Find the two socks of a pair together.",
                    "Ask: 'Whose is this? Where do you wear it?'",
                ),
                "Pick up a red sock. Say: 'Look, a red sock. It goes on your foot.' Put it on the red pile. Give "
                "your child a blue shirt. Ask: 'Where does this go?' Wait. Then say: 'Yes, with the blue ones!'",
                "Everyday chores at home are language moments too. When your child helps and you talk about it, "
                "they learn colours, clothes and body parts. That works in any language.",
            ),
            "ar": _text(
                "نرتّب الغسيل حسب اللون",
                ("سلة فيها غسيل نظيف: جوارب، قمصان، سراويل", "صندوقان أو ثلاثة، أو أكوام"),
                (
                    "ضع الغسيل على الأرض أو على السرير.",
                    "خذ جوربًا. قل لونه: «جورب أحمر.»",
                    "اصنعا كومة لكل لون.",
                    "اسأل: «أين نضع هذا الجورب الأزرق؟»",
                    "ابحثا معًا عن الجوربين المتشابهين.",
                    "اسأل: «لمن هذا؟ أين نلبسه؟»",
                ),
                "خذ جوربًا أحمر. قل: «انظر، جورب أحمر. نلبسه في القدم.» ضعه على الكومة الحمراء. أعطِ طفلك "
                "قميصًا أزرق. اسأل: «أين نضع هذا؟» انتظر. ثم قل: «نعم، مع الأزرق!»",
                "الأعمال اليومية في البيت هي أيضًا لحظات للغة. عندما يساعد طفلك وتتحدث عن ذلك، يتعلّم الألوان "
                "والملابس وأجزاء الجسم. وهذا ينجح بأي لغة.",
            ),
            "tr": _text(
                "Çamaşırları renge göre ayırmak",
                ("Temiz çamaşır dolu bir sepet: çoraplar, tişörtler, pantolonlar", "İki ya da üç kutu veya yığın"),
                (
                    "Çamaşırları yere ya da yatağa koyun.",
                    "Bir çorap alın. Rengini söyleyin: 'Kırmızı bir çorap.'",
                    "Her renk için bir yığın yapın.",
                    "'Bu mavi çorap nereye gider?' diye sorun.",
                    "Birlikte bir çiftin iki çorabını bulun.",
                    "'Bu kimin? Bunu nereye giyiyoruz?' diye sorun.",
                ),
                "Kırmızı bir çorap alın. 'Bak, kırmızı bir çorap. Ayağa giyilir.' deyin. Kırmızı yığına koyun. "
                "Çocuğunuza mavi bir tişört verin. 'Bu nereye gider?' diye sorun. Bekleyin. Sonra 'Evet, "
                "mavilerin yanına!' deyin.",
                "Evdeki sıradan işler de dil anlarıdır. Çocuğunuz yardım ederken siz konuşursanız renkleri, "
                "giysileri ve vücudun bölümlerini öğrenir. Bu her dilde olur.",
            ),
            "pl": _text(
                "Sortujemy pranie według kolorów",
                ("Kosz czystego prania: skarpetki, koszulki, spodnie", "Dwa albo trzy pudełka lub kupki"),
                (
                    "Połóż pranie na podłodze albo na łóżku.",
                    "Weź skarpetkę. Powiedz kolor: 'Czerwona skarpetka.'",
                    "Zróbcie kupkę dla każdego koloru.",
                    "Zapytaj: 'Gdzie pasuje ta niebieska skarpetka?'",
                    "Poszukajcie razem dwóch skarpetek do pary.",
                    "Zapytaj: 'Czyje to jest? Gdzie to zakładamy?'",
                ),
                "Weź czerwoną skarpetkę. Powiedz: 'Zobacz, czerwona skarpetka. Zakładamy ją na stopę.' Połóż ją na "
                "czerwonej kupce. Daj dziecku niebieską koszulkę. Zapytaj: 'Gdzie ją położymy?' Poczekaj. Potem "
                "powiedz: 'Tak, do niebieskich!'",
                "Zwykłe domowe obowiązki to też chwile na język. Kiedy dziecko pomaga, a ty o tym mówisz, uczy się "
                "kolorów, ubrań i części ciała. To działa w każdym języku.",
            ),
        },
    ),
    DemoActivity(
        "rhymes",
        "lijf",
        ("songs_rhymes", "listening", "new_words"),
        (36, 48),
        10,
        {
            "nl": _text(
                "Rijmen met je lijf",
                ("Niets nodig", "Een spiegel (als je die hebt)"),
                (
                    "Wijs je mond aan. Zeg: 'Mond.'",
                    "Zeg er een rijmwoord bij: 'Mond… hond!'",
                    "Zeg het samen en klap erbij.",
                    "Probeer meer: voet – hoed, neus – reus, hand – zand.",
                    "Maak ook gekke woorden. Dat mag! 'Buik… fluik!'",
                    "Lach samen. Rijmen is een spel.",
                ),
                "Wijs je voet aan. Zeg langzaam: 'Voet… hoed!' Zet een denkbeeldige hoed op je hoofd. Lach. Vraag: "
                "'Voet… hoed. Klinkt dat hetzelfde?' Wacht. Zeg het samen nog een keer en klap.",
                "Rijmen leert je kind goed naar klanken te luisteren. Dat helpt later bij leren lezen. Rijmen kan "
                "in elke taal: doe het ook met woorden uit je eigen taal.",
            ),
            "en": _text(
                "Rhyming with your body",
                ("Nothing needed", "A mirror (if you have one)"),
                (
                    "Point at your head. Say: 'Head.'",
                    "Add a rhyming word: 'Head… bed!'",
                    "Say it together and clap along.",
                    "Try more: nose – rose, hand – sand, feet – sweet.",
                    "Make up silly words too. That's allowed! 'Knee… bee… zee!'",
                    "Laugh together. Rhyming is a game.",
                ),
                "Point at your head. Say slowly: 'Head… bed!' Lay your head on your hands as if asleep. Laugh. "
                "Ask: 'Head… bed. Do they sound the same?' Wait. Say it together once more and clap.",
                "Rhyming teaches your child to listen closely to sounds. That helps later when learning to read. "
                "You can rhyme in any language: do it with words from your own language too.",
            ),
            "ar": _text(
                "نلعب بالقوافي مع أجزاء الجسم",
                ("لا تحتاج إلى شيء", "مرآة (إن وُجدت)"),
                (
                    "أشر إلى رأسك. قل: «رأس.»",
                    "أضف كلمة على القافية نفسها: «رأس… كأس!»",
                    "قولاها معًا وصفّقا.",
                    "جرّبا كلمات أخرى: بطن – قطن، عين – طين.",
                    "اصنعا كلمات مضحكة أيضًا. هذا مسموح!",
                    "اضحكا معًا. القافية لعبة.",
                ),
                "أشر إلى رأسك. قل ببطء: «رأس… كأس!» تظاهر بأنك تشرب من كأس. اضحك. اسأل: «رأس… كأس. هل تبدوان "
                "متشابهتين؟» انتظر. قولاها معًا مرة أخرى وصفّقا.",
                "القافية تعلّم طفلك الاستماع جيدًا إلى الأصوات. وهذا يساعده لاحقًا في تعلّم القراءة. يمكن اللعب "
                "بالقوافي بأي لغة: افعل ذلك أيضًا بكلمات من لغتك.",
            ),
            "tr": _text(
                "Vücudumuzla kafiye oyunu",
                ("Hiçbir şey gerekmez", "Bir ayna (varsa)"),
                (
                    "Başınızı gösterin. 'Baş.' deyin.",
                    "Kafiyeli bir kelime ekleyin: 'Baş… taş!'",
                    "Birlikte söyleyin ve alkış tutun.",
                    "Daha fazla deneyin: el – gel, göz – söz, ayak – tabak.",
                    "Komik kelimeler de uydurun. Olur! 'Göz… möz!'",
                    "Birlikte gülün. Kafiye bir oyundur.",
                ),
                "Başınızı gösterin. Yavaşça söyleyin: 'Baş… taş!' Yerden hayali bir taş alın. Gülün. 'Baş… taş. "
                "Kulağa aynı mı geliyor?' diye sorun. Bekleyin. Birlikte bir kez daha söyleyin ve alkışlayın.",
                "Kafiye, çocuğunuza seslere dikkatle kulak vermeyi öğretir. Bu, ileride okumayı öğrenirken yardımcı "
                "olur. Kafiye her dilde yapılabilir: kendi dilinizdeki kelimelerle de yapın.",
            ),
            "pl": _text(
                "Rymujemy z częściami ciała",
                ("Nic nie potrzeba", "Lusterko (jeśli masz)"),
                (
                    "Pokaż swój nos. Powiedz: 'Nos.'",
                    "Dodaj słowo do rymu: 'Nos… kos!'",
                    "Powiedzcie to razem i klaszczcie.",
                    "Spróbujcie więcej: noga – droga, ucho – sucho, oko – wysoko.",
                    "Wymyślajcie też śmieszne słowa. Wolno! 'Nos… bos… fos!'",
                    "Śmiejcie się razem. Rymowanie to zabawa.",
                ),
                "Pokaż swój nos. Powiedz powoli: 'Nos… kos!' Pomachaj rękami jak ptak. Zaśmiej się. Zapytaj: "
                "'Nos… kos. Czy to brzmi podobnie?' Poczekaj. Powiedzcie to razem jeszcze raz i klaśnijcie.",
                "Rymowanie uczy dziecko uważnie słuchać dźwięków. To pomaga później w nauce czytania. Rymować można "
                "w każdym języku: rób to też ze słowami z twojego języka.",
            ),
        },
    ),
    DemoActivity(
        "dressing",
        "lijf",
        ("new_words", "listening", "asking_questions"),
        (24, 42),
        10,
        {
            "nl": _text(
                "Aankleden: wat gaat waar?",
                (
                    "Kleren voor vandaag: een broek, een trui, sokken, schoenen",
                    "Een jas en een muts (als het koud is)",
                ),
                (
                    "Leg de kleren klaar op bed.",
                    "Vraag: 'Wat trekken we eerst aan?'",
                    "Vraag iets: 'Pak je sokken maar.'",
                    "Zeg waar het gaat: 'De sok gaat om je voet.'",
                    "Laat je kind zelf iets aantrekken. Help een beetje.",
                    "Laat je kind daarna jou iets vragen.",
                ),
                "Houd de muts omhoog. Zeg: 'Waar gaat de muts? Op je voet?' Zet hem voor de grap op je voet. Lach. "
                "Wacht. Zegt je kind: 'Nee, hoofd!'? Zeg: 'O ja, op je hoofd!' Zet de muts op.",
                "Aankleden is elke dag een vast moment met dezelfde woorden. Door die herhaling leert je kind ze "
                "snel. Gekke foutjes maken je kind aan het praten. Gebruik gerust je eigen taal.",
            ),
            "en": _text(
                "Getting dressed: what goes where?",
                ("Today's clothes: trousers, a jumper, socks, shoes", "A coat and a hat (if it's cold)"),
                (
                    "Lay the clothes ready on the bed.",
                    "Ask: 'What do we put on first?'",
                    "Ask for something: 'Can you get your socks?'",
                    "Say where it goes: 'The sock goes on your foot.'",
                    "Let your child put something on alone. Help a little.",
                    "Then let your child ask you for something.",
                ),
                "Hold up the hat. Say: 'Where does the hat go? On your foot?' Put it on your foot as a joke. "
                "Laugh. Wait. Does your child say: 'No, head!'? Say: 'Oh yes, on your head!' Put the hat on.",
                "Getting dressed is a fixed moment every day with the same words. Through that repetition your "
                "child learns them quickly. Silly mistakes get your child talking. Feel free to use your own "
                "language.",
            ),
            "ar": _text(
                "نلبس الملابس: ماذا نلبس وأين؟",
                ("ملابس اليوم: سروال، كنزة، جوارب، حذاء", "معطف وقبّعة (إذا كان الجو باردًا)"),
                (
                    "ضع الملابس جاهزة على السرير.",
                    "اسأل: «ماذا نلبس أولًا؟»",
                    "اطلب شيئًا بسيطًا: «أحضر جواربك.»",
                    "قل أين يذهب: «الجورب نلبسه في القدم.»",
                    "دع طفلك يلبس شيئًا وحده. ساعده قليلًا.",
                    "بعد ذلك دع طفلك يطلب منك شيئًا.",
                ),
                "ارفع القبّعة. قل: «أين نضع القبّعة؟ على القدم؟» ضعها على قدمك مازحًا. اضحك. انتظر. هل قال طفلك "
                "«لا، على الرأس!»؟ قل: «آه نعم، على الرأس!» ضع القبّعة.",
                "ارتداء الملابس كل يوم لحظة ثابتة بالكلمات نفسها. بهذا التكرار يتعلّمها طفلك بسرعة. الأخطاء "
                "المضحكة تشجّع طفلك على الكلام. لا تتردّد في استخدام لغتك.",
            ),
            "tr": _text(
                "Giyinmek: ne nereye?",
                ("Bugünün giysileri: pantolon, kazak, çorap, ayakkabı", "Mont ve bere (hava soğuksa)"),
                (
                    "Giysileri yatağın üstüne hazırlayın.",
                    "'Önce neyi giyelim?' diye sorun.",
                    "Bir şey isteyin: 'Çoraplarını getirir misin?'",
                    "Nereye gittiğini söyleyin: 'Çorap ayağa giyilir.'",
                    "Çocuğunuz bir şeyi kendi giysin. Biraz yardım edin.",
                    "Sonra çocuğunuz sizden bir şey istesin.",
                ),
                "Bereyi kaldırın. 'Bere nereye takılır? Ayağa mı?' deyin. Şaka olsun diye ayağınıza koyun. Gülün. "
                "Bekleyin. Çocuğunuz 'Hayır, başa!' mı diyor? 'Ah evet, başa!' deyin. Bereyi takın.",
                "Giyinmek her gün aynı kelimelerle tekrarlanan bir andır. Bu tekrar sayesinde çocuğunuz kelimeleri "
                "çabuk öğrenir. Komik hatalar çocuğunuzu konuşturur. Kendi dilinizi rahatça kullanın.",
            ),
            "pl": _text(
                "Ubieramy się: co gdzie pasuje?",
                ("Ubrania na dziś: spodnie, sweter, skarpetki, buty", "Kurtka i czapka (jeśli jest zimno)"),
                (
                    "Przygotuj ubrania na łóżku.",
                    "Zapytaj: 'Co zakładamy najpierw?'",
                    "Poproś o coś: 'Przynieś swoje skarpetki.'",
                    "Powiedz, gdzie to idzie: 'Skarpetkę zakładamy na stopę.'",
                    "Niech dziecko samo coś założy. Trochę pomóż.",
                    "Potem niech dziecko poprosi ciebie o coś.",
                ),
                "Podnieś czapkę. Powiedz: 'Gdzie zakładamy czapkę? Na stopę?' Dla żartu połóż ją na stopie. "
                "Zaśmiej się. Poczekaj. Dziecko mówi: 'Nie, na głowę!'? Powiedz: 'A tak, na głowę!' Załóż czapkę.",
                "Codzienne ubieranie się to stała chwila z tymi samymi słowami. Dzięki powtarzaniu dziecko szybko "
                "się ich uczy. Śmieszne pomyłki zachęcają dziecko do mówienia. Śmiało mów w swoim języku.",
            ),
        },
    ),
)


# --- What is handed out, and what parents answer ------------------------------------------


@dataclass(frozen=True)
class GroupPlan:
    """What one VE group works on around `today`; the groups take turns with the plans."""

    current_theme: str
    previous_theme: str
    last_week: str  # activity keys
    this_week: str
    for_one_family: str
    session_held: str
    session_coming: str


GROUP_PLANS = (
    GroupPlan("herfst", "eten", "picture_book", "what_do_you_hear", "feely_bag", "shop", "hut"),
    GroupPlan("lijf", "herfst", "body_song", "bath", "telephone", "soup", "laundry"),
)

NOTES = {
    "last_week": "Ons thema is nu '{theme}'. Doe deze activiteit thuis, in jullie eigen taal. Veel plezier!",
    "this_week": "Deze week weer een activiteit bij ons thema '{theme}'. Vertel ons hoe het ging!",
    "for_one_family": "Zoals besproken bij het ophalen: deze activiteit past goed bij jullie. Succes!",
}

# What the child said, per activity and per language of the family: the child's words are
# often a mix of the home language and the Dutch words of the group.
CHILD_SAID = {
    "picture_book": {
        "nl": ("Boom! De blaadjes vallen.", "Kijk, een egel. Egel slaapt."),
        "en": ("Tree! Leaves falling down!", "A hedgehog! He's sleeping."),
        "ar": ("شجرة! Boom!", "قنفذ… egel! نائم."),
        "tr": ("Ağaç! Boom, boom!", "Bak anne, kirpi! Egel!"),
        "pl": ("Drzewo! Liście spadają.", "Jeż! Egel! Śpi."),
    },
    "what_do_you_hear": {
        "nl": ("Vogel! Piep piep!", "Auto… tuut tuut! Grote auto."),
        "en": ("Bird! Tweet tweet!", "Big bus! So loud!"),
        "ar": ("عصفور! Vogel!", "سيارة! Tuut tuut!"),
        "tr": ("Kuş! Cik cik!", "Araba geliyor! Auto!"),
        "pl": ("Ptak! Ćwir ćwir!", "Samochód! Tuut tuut!"),
    },
    "body_song": {
        "nl": ("Mijn neus! Mijn buik!", "Nog een keer, mama!"),
        "en": ("My nose! Again!", "Tummy! Tummy!"),
        "ar": ("أنفي! Neus!", "مرة ثانية! Nog een keer!"),
        "tr": ("Burnum! Neus!", "Bir daha! Nog een keer!"),
        "pl": ("Mój nos! Neus!", "Jeszcze raz!"),
    },
    "bath": {
        "nl": ("Eend zwemt!", "Vol! Leeg! Nog een keer."),
        "en": ("Duck swimming!", "Full! Empty! Again!"),
        "ar": ("البطة تسبح! Eend!", "فارغ! Leeg!"),
        "tr": ("Ördek yüzüyor!", "Dolu! Boş! Vol!"),
        "pl": ("Kaczka pływa!", "Pełny! Pusty! Leeg!"),
    },
}

COMMENTS = {
    HomeActivityFeedback.HowItWent.GREAT: {
        "nl": ("Leuk! We hebben het twee keer gedaan.", "De grote zus deed ook mee en zei de Nederlandse woorden."),
        "en": ("Lovely! We did it twice.", "Big sister joined in and said the Dutch words."),
        "ar": ("أعجبه ذلك كثيرًا. أراد أن نعيدها مرات.", "فعلناها بالعربية، وقال بعض الكلمات بالهولندية."),
        "tr": ("Çok hoşuna gitti, her gün tekrar etmek istiyor.", "Türkçe yaptık; bazı kelimeleri Hollandaca söyledi."),
        "pl": (
            "Bardzo się podobało. Robiliśmy to dwa razy.",
            "Robiliśmy to po polsku, kilka słów było po niderlandzku.",
        ),
    },
    HomeActivityFeedback.HowItWent.OK: {
        "nl": ("Het was kort, maar we hebben het gedaan.", ""),
        "en": ("It was short, but we did it.", ""),
        "ar": ("كان النشاط قصيرًا، لكننا فعلناه.", ""),
        "tr": ("Kısa sürdü ama yaptık.", ""),
        "pl": ("Było krótko, ale zrobiliśmy to.", ""),
    },
    HomeActivityFeedback.HowItWent.DIFFICULT: {
        "nl": ("Mijn kind was moe en had geen zin. We proberen het in het weekend nog eens.",),
        "en": ("My child was tired and not in the mood. We'll try again at the weekend.",),
        "ar": ("كان طفلي متعبًا ولم يرغب في اللعب. سنحاول مرة أخرى في عطلة نهاية الأسبوع.",),
        "tr": ("Çocuğum yorgundu, istemedi. Hafta sonu tekrar deneyeceğiz.",),
        "pl": ("Dziecko było zmęczone i nie miało ochoty. Spróbujemy jeszcze raz w weekend.",),
    },
}

INVITATION = (
    "Kom donderdagochtend samen met je kind spelen op de groep! We doen '{title}'. Eerst laten wij zien hoe het "
    "gaat, daarna doe je het zelf met je kind. Je eigen taal is welkom. Laat je weten of je komt?"
)
REFLECTION = (
    "{came} gezinnen waren er. De ouders keken eerst hoe wij het deden en speelden het daarna zelf. Veel ouders "
    "wachtten goed op hun kind en herhaalden de woorden. Mooi om te zien: een paar ouders speelden in hun eigen "
    "taal, en de kinderen antwoordden soms in het Nederlands. Volgende keer geven we de woorden van het thema "
    "op papier mee."
)


# --- Pictures of a few theme words ----------------------------------------------------------


def _word_picture(word: str) -> bytes | None:
    """A simple drawing of an apple, a leaf or a chestnut; other words get none."""
    image = Image.new("RGB", (480, 480), (250, 246, 236))
    draw = ImageDraw.Draw(image)
    if word == "de appel":
        draw.ellipse([110, 130, 370, 390], fill=(205, 45, 45))
        draw.line([240, 135, 250, 70], fill=(110, 70, 30), width=12)
        draw.ellipse([255, 70, 330, 110], fill=(70, 150, 60))
    elif word == "het blad":
        draw.polygon([(240, 60), (380, 200), (330, 360), (240, 420), (150, 360), (100, 200)], fill=(225, 140, 40))
        draw.line([240, 80, 240, 450], fill=(150, 80, 20), width=8)
    elif word == "de kastanje":
        draw.ellipse([120, 120, 360, 370], fill=(120, 60, 25))
        draw.ellipse([170, 150, 260, 210], fill=(170, 110, 60))
        draw.rectangle([150, 320, 330, 370], fill=(215, 190, 140))
    else:
        return None
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- Loading it ---------------------------------------------------------------------------


def _stable_uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, "-".join(str(part) for part in parts))


def activity_id(key: str) -> uuid.UUID:
    """The id of a demo activity (a key of ACTIVITIES), the same on every run."""
    return _stable_uuid("activity", key)


def demo_activities(*, groups: Iterable[Group], today: date) -> None:
    """Load the demo library and hand it out in the VE groups among `groups`.

    The library (13 activities with their translations, 3 themes with words) is loaded even
    without a VE group. For each VE group: the current theme (this week within it) and the
    one before; the activity of last week and of this week for the whole group, and this
    week one more for one family; feedback from about half of the families last week and a
    few this week; a parent–child session last week (replies, who came, a reflection) and
    one next week (invitations, some replies). The families of a group are those of its
    children placed on `today`; the professional who hands out is the group's first.
    """
    themes = _themes()
    activities = _library(themes)
    ve_groups = sorted((group for group in groups if group.is_ve), key=lambda group: group.pk)
    if not ve_groups:
        return
    families = _families_by_group(ve_groups, today)
    writers = _parent_logins([family for group_families in families.values() for family in group_families])
    professionals = _first_professionals(ve_groups)
    monday = today - timedelta(days=today.weekday())
    for position, group in enumerate(ve_groups):
        plan = GROUP_PLANS[position % len(GROUP_PLANS)]
        world = _GroupWorld(
            group=group,
            families=families.get(group.pk, []),
            writers=writers,
            professional=professionals.get(group.pk),
            today=today,
            monday=monday,
            rng=random.Random(f"activities-{group.pk}-{monday}"),
        )
        _group_themes(world, themes[plan.current_theme], themes[plan.previous_theme])
        _home_activities(world, plan, activities, themes[plan.current_theme])
        _sessions(world, plan, activities)


def _themes() -> dict[str, Theme]:
    """The three themes with their translations and words; a word staff already have (by its
    Dutch text) is left as it is."""
    themes = {}
    for position, (key, spec) in enumerate(THEMES.items()):
        themes[key], _ = Theme.objects.get_or_create(name=spec.name, defaults={"position": position})
    ThemeTranslation.objects.bulk_create(
        [
            ThemeTranslation(theme=themes[key], language=language, name=name)
            for key, spec in THEMES.items()
            for language, name in spec.names.items()
        ],
        ignore_conflicts=True,
    )
    existing = set(ThemeWord.objects.filter(theme__in=themes.values()).values_list("theme_id", "word"))
    new_words = []
    for key, spec in THEMES.items():
        for position, (word, *_translations) in enumerate(spec.words):
            if (themes[key].pk, word) in existing:
                continue
            theme_word = ThemeWord(theme=themes[key], word=word, position=position)
            drawing = _word_picture(word)
            if drawing is not None:
                processed = process_photo(SimpleUploadedFile("woord.png", drawing, content_type="image/png"))
                theme_word.picture.save(processed.image.name, processed.image, save=False)
            new_words.append(theme_word)
    ThemeWord.objects.bulk_create(new_words)
    words = {
        (theme_word.theme_id, theme_word.word): theme_word
        for theme_word in ThemeWord.objects.filter(theme__in=themes.values())
    }
    WordTranslation.objects.bulk_create(
        [
            WordTranslation(word=words[(themes[key].pk, word)], language=language, text=text)
            for key, spec in THEMES.items()
            for word, *texts in spec.words
            for language, text in zip(DEMO_LANGUAGES, texts, strict=True)
        ],
        ignore_conflicts=True,
    )
    return themes


def _library(themes: dict[str, Theme]) -> dict[str, Activity]:
    """The activities, published, with goals and translations; one that exists is left as it is."""
    goals = _built_in_goals()
    ids = {spec.key: activity_id(spec.key) for spec in ACTIVITIES}
    existing = set(Activity.objects.filter(pk__in=ids.values()).values_list("pk", flat=True))
    Activity.objects.bulk_create(
        [
            Activity(
                id=ids[spec.key],
                theme=themes[spec.theme],
                age_from_months=spec.ages[0],
                age_to_months=spec.ages[1],
                duration_minutes=spec.minutes,
                is_published=True,
                **spec.texts["nl"],
            )
            for spec in ACTIVITIES
            if ids[spec.key] not in existing
        ]
    )
    links = Activity.goals.through
    links.objects.bulk_create(
        [
            links(activity_id=ids[spec.key], languagegoal_id=goals[key].pk)
            for spec in ACTIVITIES
            if ids[spec.key] not in existing
            for key in spec.goals
        ],
        ignore_conflicts=True,
    )
    ActivityTranslation.objects.bulk_create(
        [
            ActivityTranslation(activity_id=ids[spec.key], language=language, **spec.texts[language])
            for spec in ACTIVITIES
            for language in DEMO_LANGUAGES
        ],
        ignore_conflicts=True,
    )
    by_id = {activity.pk: activity for activity in Activity.objects.filter(pk__in=ids.values())}
    return {key: by_id[pk] for key, pk in ids.items()}


def _built_in_goals() -> dict[str, LanguageGoal]:
    """The goals a migration adds; a test database emptied between tests lacks them."""
    goals = {goal.key: goal for goal in LanguageGoal.objects.filter(key__in=BUILT_IN_GOALS)}
    for position, key in enumerate(BUILT_IN_GOALS):
        if key not in goals:
            goals[key] = LanguageGoal.objects.create(key=key, position=position)
    return goals


def _families_by_group(groups: list[Group], today: date) -> dict[int, list[Family]]:
    placements = (
        Placement.objects.current(today)
        .filter(group__in=groups, start_date__lte=today)
        .select_related("child__family")
        .order_by("group_id", "child__family_id")
    )
    families: dict[int, list[Family]] = defaultdict(list)
    for placement in placements:
        family = placement.child.family
        if not families[placement.group_id] or families[placement.group_id][-1].pk != family.pk:
            families[placement.group_id].append(family)
    return families


def _parent_logins(families: list[Family]) -> dict[int, Guardian]:
    """Per family the first guardian with a login: the one who writes feedback and replies."""
    writers: dict[int, Guardian] = {}
    for guardian in (
        Guardian.objects.filter(family__in=families, user__isnull=False).select_related("user").order_by("pk")
    ):
        writers.setdefault(guardian.family_id, guardian)
    return writers


def _first_professionals(groups: list[Group]) -> dict[int, User]:
    professionals: dict[int, User] = {}
    assignments = (
        StaffAssignment.objects.filter(group__in=groups, role=StaffAssignment.Role.PROFESSIONAL)
        .select_related("user")
        .order_by("user_id")
    )
    for assignment in assignments:
        professionals.setdefault(assignment.group_id, assignment.user)
    return professionals


@dataclass
class _GroupWorld:
    group: Group
    families: list[Family]
    writers: dict[int, Guardian]
    professional: User | None
    today: date
    monday: date
    rng: random.Random

    def moment(self, day: date, at: time) -> datetime:
        return timezone.make_aware(datetime.combine(day, at))


def _group_themes(world: _GroupWorld, current: Theme, previous: Theme) -> None:
    """A theme of four weeks around this week and the one before it, unless the group already
    works in a theme now; a rerun in a later week continues after the last theme."""
    themes = GroupTheme.objects.filter(group=world.group)
    if themes.filter(starts_on__lte=world.today, ends_on__gte=world.today).exists():
        return
    last = themes.order_by("-ends_on").first()
    starts_on = world.monday - timedelta(days=14)
    if last is not None:
        starts_on = max(starts_on, last.ends_on + timedelta(days=1))
    new = [GroupTheme(group=world.group, theme=current, starts_on=starts_on, ends_on=world.monday + timedelta(days=13))]
    if last is None:
        new.append(
            GroupTheme(
                group=world.group,
                theme=previous,
                starts_on=starts_on - timedelta(days=28),
                ends_on=starts_on - timedelta(days=1),
            )
        )
    GroupTheme.objects.bulk_create(new)


def _language_of(world: _GroupWorld, family: Family) -> str:
    """The language a family used at home: mostly their own, sometimes Dutch."""
    writer = world.writers.get(family.pk)
    preferred = (writer.preferred_language if writer else "") or family.preferred_language
    if preferred in ("", "other") or world.rng.random() < 0.25:
        return "nl"
    return preferred


def _home_activities(world: _GroupWorld, plan: GroupPlan, activities: dict[str, Activity], theme: Theme) -> None:
    last_monday = world.monday - timedelta(days=7)
    handed = [
        ("last_week", activities[plan.last_week], last_monday, None),
        ("this_week", activities[plan.this_week], world.monday, None),
    ]
    one_family = _family_for_one(world)
    if one_family is not None:
        handed.append(("for_one_family", activities[plan.for_one_family], world.monday, one_family))
    ids = [_stable_uuid("home", world.group.pk, week, activity.pk) for _slot, activity, week, _family in handed]
    existing = set(HomeActivity.objects.filter(pk__in=ids).values_list("pk", flat=True))
    new = [
        HomeActivity(
            id=home_id,
            activity=activity,
            group=None if family else world.group,
            family=family,
            week_start=week,
            note=NOTES[slot].format(theme=theme.name),
            handed_out_by=world.professional,
        )
        for home_id, (slot, activity, week, family) in zip(ids, handed, strict=True)
        if home_id not in existing
    ]
    HomeActivity.objects.bulk_create(new)
    feedback = []
    for home in new:
        if home.family_id is not None:
            continue  # the one family has not answered yet: their activity is still open
        last_week = home.week_start < world.monday
        answering = [family for family in world.families if family.pk in world.writers]
        count = len(answering) // 2 if last_week else min(3, len(answering))
        days = 6 if last_week else world.today.weekday()
        for family in world.rng.sample(answering, count):
            done_on = home.week_start + timedelta(days=world.rng.randint(0, days))
            feedback.append(_feedback(world, home, family, done_on))
    HomeActivityFeedback.objects.bulk_create(feedback)


def _family_for_one(world: _GroupWorld) -> Family | None:
    """A family with a login that reads in another language than Dutch, else any with a login."""
    with_login = [family for family in world.families if family.pk in world.writers]
    other_language = [family for family in with_login if family.preferred_language in DEMO_LANGUAGES]
    return (other_language or with_login or [None])[0]


def _feedback(world: _GroupWorld, home: HomeActivity, family: Family, done_on: date) -> HomeActivityFeedback:
    rng = world.rng
    how = rng.choices(list(HomeActivityFeedback.HowItWent), weights=(5, 3, 1))[0]
    language = _language_of(world, family)
    text_language = language if language in DEMO_LANGUAGES else "nl"
    said = CHILD_SAID.get(_KEYS_BY_ID[home.activity_id], {}).get(text_language, ("",))
    return HomeActivityFeedback(
        home_activity=home,
        family=family,
        done_on=done_on,
        how_it_went=how,
        child_said=rng.choice(said),
        language_used=language,
        comment=rng.choice(COMMENTS[how][text_language]),
        written_by=world.writers[family.pk].user,
    )


_KEYS_BY_ID = {activity_id(spec.key): spec.key for spec in ACTIVITIES}


def _sessions(world: _GroupWorld, plan: GroupPlan, activities: dict[str, Activity]) -> None:
    """Thursday morning last week (held) and next week (coming), at the group."""
    held_on = world.monday - timedelta(days=7) + timedelta(days=3)
    coming_on = world.monday + timedelta(days=7) + timedelta(days=3)
    now = timezone.now()
    for kind, activity, day in (
        ("held", activities[plan.session_held], held_on),
        ("coming", activities[plan.session_coming], coming_on),
    ):
        session_id = _stable_uuid("session", world.group.pk, day)
        if ParentChildSession.objects.filter(pk=session_id).exists():
            continue
        starts_at = world.moment(day, time(8, 45))
        invited_at = min(starts_at - timedelta(days=8), now - timedelta(days=2))
        session = ParentChildSession.objects.create(
            id=session_id,
            group=world.group,
            activity=activity,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=45),
            invitation=INVITATION.format(title=activity.title),
            invited_at=invited_at,
            created_by=world.professional,
        )
        rows = [
            _session_family(world, session, family, number, held=kind == "held")
            for number, family in enumerate(world.families)
        ]
        SessionFamily.objects.bulk_create(rows)
        if kind == "held":
            came = sum(1 for row in rows if row.attended)
            session.reflection = REFLECTION.format(came=came)
            session.reflection_by = world.professional
            session.save(update_fields=["reflection", "reflection_by"])


def _session_family(
    world: _GroupWorld, session: ParentChildSession, family: Family, number: int, *, held: bool
) -> SessionFamily:
    """Most families say they come, and most of those came; now and then a family came
    without replying. Of next week's session, about half the replies are in."""
    row = SessionFamily(session=session, family=family)
    if family.pk in world.writers and (held or number % 2 == 0):
        cannot = number % 8 == 7 if held else number % 4 == 2
        row.reply = SessionFamily.Reply.NOT_COMING if cannot else SessionFamily.Reply.COMING
        row.replied_at = session.invited_at + timedelta(hours=world.rng.randint(2, 40))
    if held:
        # Whichever families have a login (the order of families differs per database), the
        # three "did not come" rules together leave well over half of any group attending.
        if row.reply == SessionFamily.Reply.COMING:
            row.attended = number % 9 != 8
        else:
            row.attended = not row.reply and number % 7 != 6
        row.registered_by = world.professional
    return row
