# Текст интерфейса frontdesk, русский. Каждое сообщение из locales/en/ должно быть и здесь
# (это проверяет тест `every_language_defines_every_message`).

language-name = Русский

## Разговор

you = Вы
narrator = *
thinks = думает
better = Лучше
your-reply = Ваш ответ
not-a-reply = Введите номер ответа
replies = Ваш ответ
feedback = Что произошло
mood = Настроение
neutral = нейтрально

## Разбор

debrief = Разбор
outcome = Итог
walked-out = пациент ушёл
score = Баллы
fatal-errors = Фатальные ошибки
poor-replies = Что сработало бы лучше
all-good = Слабых ответов нет: каждый раз вы выбирали один из лучших.
you-said = вы сказали
retries = Повторы
retried = повтор
mood-over-time = Настроение по ходу разговора
decisions = Ваши решения
what-you-said = Вы сказали
best-reply = Лучший ответ здесь

## Главный экран и выбор сценария

fallback-notice = нет на этом языке; показываю на языке
difficulty = сложность
pick-scenario = Выберите сценарий
scenarios = Сценарии
practice = тренировка
exam = экзамен
mode-label = Режим
exam-note = Экзамен: разбор только в конце.
source = Источник
best-score = лучший
last = последний
no-scenarios = На этом языке сценариев нет.

## Разговорник, справка, рамка

phrasebook = Разговорник: удачные ответы по приёмам
search = Поиск
no-matches = Ничего не найдено.
help = Клавиши
too-small = frontdesk нужно окно не меньше
now = сейчас
watch-errors = в файле ошибки; исправьте и сохраните (показана последняя рабочая версия)
watch-removed = удалён; последняя версия остаётся, пока он не вернётся
watch-unreadable = не читается; последняя версия остаётся, пока его нельзя прочитать

## Занятие с группой и отчёт о нём

decision = Решение
reply = Ответ
stage-scene = Сцена
stage-discuss = Обсуждение
stage-vote = Голосование
stage-choose = Выбор
stage-reveal = Итог
discuss = Обсудите
# Заголовок столбца с голосами в отчёте.
votes-column = голосов
room-chose = Группа выбрала
fatal-share = группы проголосовали за фатальную ошибку
no-votes = голоса не считались
leaning = Чаще всего группа склонялась к ошибке
no-leaning = Группа ни разу не голосовала за фатальную ошибку.
time-up = Время вышло: решает группа.
group-debrief = Разбор с группой
room-path = Путь группы
end-confirm = Завершить занятие? Esc ещё раз — выйти, любая другая клавиша — остаться.
chosen-by-trainer = выбор тренера
report-written = Отчёт записан в
report-failed = Не удалось записать отчёт
ended-early = Занятие закончилось раньше разговора.
date = Дата
scenario = Сценарий

## Прогресс

progress = Прогресс
not-recording = История не записывается
no-history = Завершённых разговоров пока нет: пройдите сценарий, и баллы появятся здесь.
scores-over-time = Баллы по времени
fatal-30d = Фатальные ошибки за 30 дней
least-technique = Приём, который вы используете реже всего
most-missed = Решения, в которых вы чаще всего ошибаетесь

## Числа: $n — число (русские формы: one 1, 21; few 2–4, 22; many 5–20, 25)

n-runs = { $n ->
    [one] { $n } попытка
    [few] { $n } попытки
   *[many] { $n } попыток
}
n-votes = { $n ->
    [one] { $n } голос
    [few] { $n } голоса
   *[many] { $n } голосов
}
n-times = { $n ->
    [one] { $n } раз
    [few] { $n } раза
   *[many] { $n } раз
}
wrong-times = ошибок: { $n }

## Настроение

mood-calm = спокойствие
mood-tense = напряжение
mood-angry = гнев
mood-leaving = уходит

## Отчёт о групповом занятии.
notes = Заметки
narrator-line = Ремарка
trainer = Тренер
group-name = Группа
start-time = Начало
duration = Длительность
timer = Таймер обсуждения
timer-off = не использовался
headcount = Участников (наибольшее число голосов в раунде)
verdicts-shown = Оценки показаны
after-each = после каждого решения
at-the-end = в конце (экзамен)
summary = Сводка
number-column = №
room-votes = Голоса группы
reply-taken = Выбранный ответ
whose-choice = Чей выбор
verdict-column = Оценка
speaker-column = Кто говорит
line-column = Реплика
letter-column = Вариант
taken-column = Выбран
by-room = группа
trainer-override = решение тренера
tie = ничья
nobody-voted = голосов нет
how-it-ended = Чем всё закончилось
replay = Повторить
n-minutes = { $n ->
    [one] { $n } минута
    [few] { $n } минуты
   *[many] { $n } минут
}
n-seconds = { $n ->
    [one] { $n } секунда на обсуждение
    [few] { $n } секунды на обсуждение
   *[many] { $n } секунд на обсуждение
}

## The presenter's reveal, in the room's words

# Буквы вариантов ответа по порядку: их группа видит на проекторе и в телефонах.
letters = АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ
trainer-chose = Тренер выбрал вариант
the-room = группа
tie-between = Ничья
and = и
nobody-voted-title = Голосов нет
pick-a-letter = нажмите букву варианта, чтобы выбрать
all-replies = Все ответы в этом решении
looking-back = Предыдущий разбор (→ обратно к сцене)
count-typed = голосов за
your-group-sessions = Групповые занятия, которые вы провели (в ваши баллы не входят)
n-people = { $n ->
    [one] { $n } участник
    [few] { $n } участника
   *[many] { $n } участников
}
