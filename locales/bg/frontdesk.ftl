# Текст на интерфейса на frontdesk, български. Всяко съобщение от locales/en/ трябва да го има и
# тук (проверява го тестът `every_language_defines_every_message`).
# Текстът на сценариите (репликите на пациентите, отговорите) идва от файловете на сценариите.

language-name = Български

## Разговор

you = Вие
narrator = *
thinks = си мисли
better = По-добре
your-reply = Вашият отговор
not-a-reply = Въведете номера на отговор
replies = Вашият отговор
feedback = Какво се случи
mood = Настроение
neutral = неутрално

## Разбор

debrief = Разбор
outcome = Изход
walked-out = пациентът си тръгна
score = Резултат
fatal-errors = Фатални грешки
poor-replies = Какво би свършило по-добра работа
all-good = Няма слаби отговори: всеки път избирахте един от най-добрите.
you-said = казахте
retries = Повторни опити
retried = повторен опит
mood-over-time = Настроението по време на разговора
decisions = Вашите решения
what-you-said = Казахте
best-reply = Най-добрият отговор тук

## Начален екран и избор на сценарий

fallback-notice = не е наличен на този език; показва се на
difficulty = трудност
pick-scenario = Изберете сценарий
scenarios = Сценарии
practice = упражнение
exam = изпит
mode-label = Режим
exam-note = Изпит: без обратна връзка до края.
source = Източник
best-score = най-добър
last = последен
no-scenarios = Няма сценарии на този език.

## Разговорник, помощ, рамка

phrasebook = Разговорник: добри отговори по техники
search = Търсене
no-matches = Няма съвпадения.
help = Клавиши
too-small = frontdesk има нужда от прозорец поне
now = сега
watch-errors = във файла има грешки; поправете ги и запишете (показва се последната изправна версия)
watch-removed = е изтрит; последната версия остава, докато файлът се върне
watch-unreadable = не може да се прочете; последната версия остава, докато стане четим

## Групови занятия и техният отчет

decision = Решение
reply = Отговор
stage-scene = Сцена
stage-discuss = Обсъждане
stage-vote = Гласуване
stage-choose = Избор
stage-reveal = Разкриване
discuss = Обсъждане
# Заглавието на колоната с гласовете в груповия отчет.
votes-column = гласове
room-chose = Групата избра
fatal-share = от групата гласуваха за фатална грешка
no-votes = няма преброени гласове
leaning = Групата най-често клонеше към
no-leaning = Групата нито веднъж не гласува за фатална грешка.
time-up = Времето изтече: групата решава.
group-debrief = Групов разбор
room-path = Пътят на групата
end-confirm = Да приключи ли занятието? Esc още веднъж, за да излезете, друг клавиш, за да останете.
chosen-by-trainer = избран от обучаващия
report-written = Отчетът е записан в
report-failed = Отчетът не можа да се запише
ended-early = Занятието приключи преди разговора.
date = Дата
scenario = Сценарий

## Напредък

progress = Напредък
not-recording = Не се записва
no-history = Още няма завършени опити: изиграйте сценарий и резултатите ви ще се появят тук.
scores-over-time = Резултатът във времето
fatal-30d = Фатални грешки за последните 30 дни
least-technique = Техниката, която използвате най-рядко
most-missed = Решенията, в които грешите най-често

## Бройки: $n е число

n-runs = { $n ->
    [one] { $n } опит
   *[other] { $n } опита
}
n-votes = { $n ->
    [one] { $n } глас
   *[other] { $n } гласа
}
n-times = { $n ->
    [one] { $n } път
   *[other] { $n } пъти
}
wrong-times = { $n ->
    [one] грешка веднъж
   *[other] грешка { $n } пъти
}

## Думи за настроението

mood-calm = спокоен
mood-tense = напрегнат
mood-angry = ядосан
mood-leaving = тръгва си

## Отчетът от груповото занятие.
notes = Бележки
narrator-line = Разказвач
trainer = Обучаващ
group-name = Група
start-time = Начало
duration = Продължителност
timer = Таймер за обсъждане
timer-off = изключен
headcount = Брой участници (най-много вдигнати ръце в един рунд)
verdicts-shown = Оценките се показват
after-each = след всяко решение
at-the-end = в края (изпит)
summary = Обобщение
number-column = №
room-votes = Гласовете на групата
reply-taken = Избран отговор
whose-choice = Чий избор
verdict-column = Оценка
speaker-column = Говорещ
line-column = Реплика
letter-column = Буква
taken-column = Избран
by-room = група
trainer-override = решение на обучаващия
tie = равенство
nobody-voted = няма гласове
how-it-ended = Как завърши
replay = Повторение
n-minutes = { $n ->
    [one] { $n } минута
   *[other] { $n } минути
}
n-seconds = { $n ->
    [one] { $n } секунда за обсъждане
   *[other] { $n } секунди за обсъждане
}

## Разкриването на проектора, с думите на групата

# Буквите на отговорите, по ред: групата ги вижда на проектора и на телефоните.
letters = АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЮЯ
trainer-chose = Обучаващият избра
the-room = групата
tie-between = Равенство
and = и
nobody-voted-title = Няма гласове
pick-a-letter = натиснете буквата на отговор, за да го изберете
all-replies = Всички отговори в това решение
looking-back = Последното разкриване (→ обратно към сцената)
count-typed = гласа за
your-group-sessions = Групови занятия, които сте водили (не влизат в личните ви резултати)
n-people = { $n ->
    [one] { $n } човек
   *[other] { $n } души
}
