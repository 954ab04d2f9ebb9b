# Думите от речника на сценариите, които потребителят вижда; ключът е думата от файла на сценария.

## Обстановка

setting-desk = регистратура
setting-phone = телефон

## Фатални грешки

fatal-justifying = оправдаване
fatal-ignoring = пренебрегване
fatal-counter-attacking = контраатака

## Техники

technique-acknowledge = признаване
technique-clarify = уточняване
technique-boundary = граница
technique-compensate = компенсация
technique-refer = насочване
technique-follow-up = обратно обаждане
technique-active-listening = активно слушане
technique-check-understanding = проверка на разбирането
technique-use-name = обръщение по име
technique-inform = информиране
technique-document = документиране
technique-solve = решение

## Изходи

ending-retained = задържан: пациентът остава
ending-referred = насочен с грижа
ending-escalated = ескалация: оплакването отива по-нагоре
ending-lost = изгубен: пациентът няма да се върне
