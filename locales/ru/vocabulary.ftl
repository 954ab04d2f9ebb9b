# Слова словаря сценариев, которые видит пользователь; ключ — слово из файла сценария.

## Обстановка

setting-desk = стойка
setting-phone = телефон

## Фатальные ошибки

fatal-justifying = оправдание
fatal-ignoring = игнорирование
fatal-counter-attacking = контратака

## Приёмы

technique-acknowledge = признать чувства
technique-clarify = уточняющие вопросы
technique-boundary = вежливое «нет»
technique-compensate = компенсация
technique-refer = бережная переадресация
technique-follow-up = обратный звонок
technique-active-listening = активное слушание
technique-check-understanding = проверка понимания
technique-use-name = обращение по имени
technique-inform = информирование
technique-document = фиксация
technique-solve = решение

## Исходы

ending-retained = пациент остался с клиникой
ending-referred = пациент бережно передан в другую клинику
ending-escalated = конфликт ушёл выше
ending-lost = пациент потерян
