<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ChecklistDelegate</name>
    <message>
        <location filename="../../ui/checklist/checklistdelegate.cpp" line="+105"/>
        <source>⚠ no return</source>
        <translation>⚠ point de non-retour</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../app/engine/checklistmodel.cpp" line="+140"/>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expected</source>
        <translation>Prévu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Elapsed</source>
        <translation>Écoulé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Rollback</source>
        <translation>Retour arrière</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1/%2 undone</source>
        <translation>%1/%2 défaites</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1/%2 done</source>
        <translation>%1/%2 faites</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>decision</source>
        <translation>décision</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 (+%2)</source>
        <translation>%1 (+%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>rolled back</source>
        <translation>défaite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>waiting for the operator</source>
        <translation>attend l&apos;opérateur</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+76"/>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>next</source>
        <translation>suivante</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Result: %1</source>
        <translation>Résultat : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Point of no return: rolling back past it needs a lossless way back</source>
        <translation>Point de non-retour : revenir en arrière au-delà exige un chemin de retour sans perte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clients cannot %1 during this step</source>
        <translation>Les clients ne peuvent pas %1 pendant cette étape</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>read or write</source>
        <translation>lire ou écrire</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>write</source>
        <translation>écrire</translation>
    </message>
    <message>
        <location line="+189"/>
        <source>0 rows: nothing to do</source>
        <translation>0 ligne : rien à faire</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <location filename="../../ui/checklist/checklistview.cpp" line="+15"/>
        <source>Checklist</source>
        <translation>Check-list</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../../app/cli/commandline.cpp" line="+91"/>
        <source>usage: runbook-console [RUNBOOK] [--inventory INV] [--journal DB]   open the console
       runbook-console COMMAND [ARGUMENTS]                          headless, no display needed

commands:
</source>
        <translation>usage : runbook-console [RUNBOOK] [--inventory INV] [--journal DB]   ouvre la console
        runbook-console COMMANDE [ARGUMENTS]                         sans interface, aucun écran requis

commandes :
</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>
`runbook-console COMMAND --help` tells more about each; `man runbook-console` about all.
Results go to stdout; progress, problems and errors to stderr.
exit status: 0 success, 1 failure (run: failed or cancelled), 2 invalid input (nothing was
changed), 3 rolled back (run, resume, rollback).
</source>
        <translation>
`runbook-console COMMANDE --help` en dit plus sur chacune ; `man runbook-console` sur toutes.
Les résultats vont sur stdout ; la progression, les problèmes et les erreurs sur stderr.
code de sortie : 0 succès, 1 échec (run : exécution échouée ou annulée), 2 entrée invalide (rien n&apos;a
été modifié), 3 retour arrière effectué (run, resume, rollback).
</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>runbook-console: &apos;%1&apos; is not a command, nor a runbook file.
</source>
        <translation>runbook-console : &apos;%1&apos; n&apos;est ni une commande ni un fichier runbook.
</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The commands are: %1.
</source>
        <translation>Les commandes sont : %1.
</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>See &apos;runbook-console --help&apos;.
</source>
        <translation>Voir &apos;runbook-console --help&apos;.
</translation>
    </message>
</context>
<context>
    <name>CommandParser</name>
    <message>
        <location filename="../../app/cli/commandparser.cpp" line="+12"/>
        <source>Show this help and exit.</source>
        <translation>Affiche cette aide et quitte.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Unknown option &apos;%1&apos;.</source>
        <translation>Option inconnue &apos;%1&apos;.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>usage: runbook-console %1</source>
        <translation>usage : runbook-console %1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>options:</source>
        <translation>options :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>exit status: %1</source>
        <translation>code de sortie : %1</translation>
    </message>
</context>
<context>
    <name>DowntimeClockWidget</name>
    <message>
        <location filename="../../ui/downtime/downtimeclockwidget.cpp" line="+19"/>
        <source>Writes</source>
        <translation>Écritures</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reads</source>
        <translation>Lectures</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Client downtime</source>
        <translation>Interruption pour les clients</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>%1 FAILING for %2</source>
        <translation>%1 EN ÉCHEC depuis %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 OK</source>
        <translation>%1 OK</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>  (%1 of %2 budget)</source>
        <translation>  (%1 sur un budget de %2)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>  (%1 in this run)</source>
        <translation>  (%1 dans cette exécution)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  (%1; none allowed)</source>
        <translation>  (%1 ; aucun toléré)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Traffic probe: %1 writes (%2 failed), %3 reads (%4 failed); slowest write %5 ms</source>
        <translation>Sonde de trafic : %1 écritures (%2 en échec), %3 lectures (%4 en échec) ; écriture la plus lente %5 ms</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Traffic probe: not running (figures from the runbook&apos;s downtime markers)</source>
        <translation>Sonde de trafic : arrêtée (chiffres tirés des marqueurs de temps d&apos;arrêt du runbook)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Rollback now: refused (see Roll back)</source>
        <translation>Retour arrière maintenant : refusé (voir Retour arrière)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A rollback started now would restore writes in about %1</source>
        <translation>Un retour arrière lancé maintenant rétablirait les écritures en environ %1</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>A rollback started now would restore writes after %n undo step(s) never rehearsed: time unknown</source>
        <translation>
            <numerusform>Un retour arrière lancé maintenant rétablirait les écritures après %n étape d&apos;annulation jamais répétée : durée inconnue</numerusform>
            <numerusform>Un retour arrière lancé maintenant rétablirait les écritures après %n étapes d&apos;annulation jamais répétées : durée inconnue</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A rollback started now: time to restore writes unknown (never rehearsed)</source>
        <translation>Un retour arrière lancé maintenant : durée avant le retour des écritures inconnue (jamais répété)</translation>
    </message>
</context>
<context>
    <name>DowntimeTimeline</name>
    <message>
        <location line="-125"/>
        <source>Downtime timeline</source>
        <translation>Chronologie des temps d&apos;arrêt</translation>
    </message>
</context>
<context>
    <name>GatePanel</name>
    <message>
        <location filename="../../ui/gate/gatepanel.cpp" line="+73"/>
        <source>Go / no-go: %1</source>
        <translation>Go / no-go : %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Waiting for you: %1</source>
        <translation>En attente de votre décision : %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Go — &amp;continue</source>
        <translation>Go — &amp;continuer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Continue</source>
        <translation>&amp;Continuer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No-go — roll &amp;back</source>
        <translation>No-go — &amp;retour arrière</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Roll &amp;back instead</source>
        <translation>&amp;Retour arrière à la place</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Evidence recorded with your decision:
%1</source>
        <translation>Éléments consignés avec votre décision :
%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence recorded with your decision</source>
        <translation>Éléments consignés avec votre décision</translation>
    </message>
</context>
<context>
    <name>InventoryCredentials</name>
    <message>
        <location filename="../../app/credentials/inventorycredentials.cpp" line="+143"/>
        <source>%1: the server asks for the password of %2 and none was found (keychain, service file, password file, PGPASSWORD)
</source>
        <translation>%1 : le serveur demande le mot de passe de %2 et aucun n&apos;a été trouvé (trousseau, fichier de service, fichier de mots de passe, PGPASSWORD)
</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>store it in the keychain with: runbook-console password set %1 --inventory %2
</source>
        <translation>enregistrez-le dans le trousseau avec : runbook-console password set %1 --inventory %2
</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no keychain service answers: put it in ~/.pgpass (mode 0600) or PGPASSWORD, or open the console, which asks
</source>
        <translation>aucun service de trousseau ne répond : mettez-le dans ~/.pgpass (mode 0600) ou PGPASSWORD, ou ouvrez la console, qui le demande
</translation>
    </message>
</context>
<context>
    <name>KeychainStore</name>
    <message>
        <location filename="../../app/credentials/keychainstore.cpp" line="+86"/>
        <source>no D-Bus session, so no Secret Service</source>
        <translation>pas de session D-Bus, donc pas de Secret Service</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the keychain did not answer within %1 s</source>
        <translation>le trousseau n&apos;a pas répondu en %1 s</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <location filename="../../app/engine/logmodel.cpp" line="+30"/>
        <source>run %1 started</source>
        <translation>exécution %1 démarrée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 started (expected %2)</source>
        <translation>%1 démarrée (prévu : %2)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 started</source>
        <translation>%1 démarrée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 %2 after %3</source>
        <translation>%1 %2 après %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 waits for the operator: %2</source>
        <translation>%1 attend l&apos;opérateur : %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>clients cannot %1: %2</source>
        <translation>les clients ne peuvent pas %1 : %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>write</source>
        <translation>écrire</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+1"/>
        <source>read</source>
        <translation>lire</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>clients can %1 again after %2</source>
        <translation>les clients peuvent de nouveau %1 après %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>rollback refused: %1</source>
        <translation>retour arrière refusé : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rolling back:
%1</source>
        <translation>retour arrière en cours :
%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>undo %1 %2 after %3</source>
        <translation>annulation de %1 %2 après %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>refused: %1</source>
        <translation>refusé : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>run %1: %2</source>
        <translation>exécution %1 : %2</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>undo %1</source>
        <translation>annulation de %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
</context>
<context>
    <name>LogPane</name>
    <message>
        <location filename="../../ui/log/logpane.cpp" line="+69"/>
        <source>&amp;Show:</source>
        <translation>&amp;Afficher :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All steps</source>
        <translation>Toutes les étapes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected step</source>
        <translation>Étape sélectionnée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fi&amp;nd:</source>
        <translation>Reche&amp;rcher :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text in the output (Ctrl+F)</source>
        <translation>texte dans la sortie (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>F&amp;ollow</source>
        <translation>&amp;Suivre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Follow</source>
        <translation>Suivre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Co&amp;py lines</source>
        <translation>Co&amp;pier les lignes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy lines</source>
        <translation>Copier les lignes</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>%1 older lines dropped</source>
        <translation>%1 lignes anciennes écartées</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="+81"/>
        <source>Runbook Console</source>
        <translation>Runbook Console</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>&amp;Open runbook…</source>
        <translation>&amp;Ouvrir un runbook…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open a runbook YAML file</source>
        <translation>Ouvrir un fichier YAML de runbook</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;inventory…</source>
        <translation>Ouvrir un &amp;inventaire…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open the inventory of a cluster</source>
        <translation>Ouvrir l&apos;inventaire d&apos;un cluster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Run…</source>
        <translation>&amp;Exécuter…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start a rehearsal or a production run</source>
        <translation>Lancer une répétition ou une exécution en production</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Pause after this step</source>
        <translation>&amp;Pause après cette étape</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The run stops once the running step ends</source>
        <translation>L&apos;exécution s&apos;arrête dès la fin de l&apos;étape en cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run &amp;one step</source>
        <translation>Exécuter &amp;une étape</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run the next step, then pause</source>
        <translation>Exécuter l&apos;étape suivante, puis faire une pause</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run to the next &amp;gate</source>
        <translation>Exécuter jusqu&apos;au prochain point de &amp;contrôle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run on until the next manual gate</source>
        <translation>Continuer jusqu&apos;au prochain point de contrôle manuel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Res&amp;ume</source>
        <translation>Repre&amp;ndre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Go on from where the run paused</source>
        <translation>Reprendre là où l&apos;exécution s&apos;est mise en pause</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;kip this step</source>
        <translation>&amp;Sauter cette étape</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mark the next step skipped without running it</source>
        <translation>Marquer l&apos;étape suivante comme sautée sans l&apos;exécuter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel step</source>
        <translation>&amp;Annuler l&apos;étape</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop the running step; the run pauses and stays resumable</source>
        <translation>Arrêter l&apos;étape en cours ; l&apos;exécution se met en pause et reste reprenable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roll &amp;back…</source>
        <translation>&amp;Retour arrière…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show the rollback plan for this moment, then confirm</source>
        <translation>Afficher le plan de retour arrière à cet instant, puis confirmer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;ontinue past the gate</source>
        <translation>&amp;Franchir le point de contrôle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The manual step is done: go on</source>
        <translation>L&apos;étape manuelle est faite : continuer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The &amp;checklist</source>
        <translation>La &amp;check-list</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The &amp;log</source>
        <translation>Le &amp;journal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Runs and rehearsals</source>
        <translation>&amp;Exécutions et répétitions</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Earlier runs, side by side, as a Gantt picture, exported</source>
        <translation>Exécutions précédentes, côte à côte, en diagramme de Gantt, exportées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Raccourcis &amp;clavier</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Skip this step?</source>
        <translation>Sauter cette étape ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark &apos;%1&apos; as skipped without running it? The journal records that you skipped it.</source>
        <translation>Marquer &apos;%1&apos; comme sautée sans l&apos;exécuter ? Le journal consigne que vous l&apos;avez sautée.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;recent</source>
        <translation>Ouvrir un fichier &amp;récent</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Run</source>
        <translation>E&amp;xécution</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run controls</source>
        <translation>Commandes de l&apos;exécution</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+311"/>
        <source>No runbook open</source>
        <translation>Aucun runbook ouvert</translation>
    </message>
    <message>
        <location line="-285"/>
        <location line="+2"/>
        <location line="+527"/>
        <source>ROLL BACK</source>
        <translation>RETOUR ARRIÈRE</translation>
    </message>
    <message>
        <location line="-526"/>
        <source>Show the rollback plan for this moment (%1)</source>
        <translation>Afficher le plan de retour arrière à cet instant (%1)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Open a runbook and the inventory of the cluster it runs on.</source>
        <translation>Ouvrez un runbook et l&apos;inventaire du cluster sur lequel il s&apos;exécute.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open runbook…</source>
        <translation>Ouvrir un runbook…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open inventory…</source>
        <translation>Ouvrir un inventaire…</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The run (Ctrl+1)</source>
        <translation>L&apos;exécution (Ctrl+1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runs and rehearsals (Ctrl+3)</source>
        <translation>Exécutions et répétitions (Ctrl+3)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Open runbook</source>
        <translation>Ouvrir un runbook</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Runbooks (*.yaml *.yml);;All files (*)</source>
        <translation>Runbooks (*.yaml *.yml);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open inventory</source>
        <translation>Ouvrir un inventaire</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Inventories (*.yaml *.yml);;All files (*)</source>
        <translation>Inventaires (*.yaml *.yml);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A run is in progress: finish or pause it before opening other files</source>
        <translation>Une exécution est en cours : terminez-la ou mettez-la en pause avant d&apos;ouvrir d&apos;autres fichiers</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reading %1 …</source>
        <translation>Lecture de %1 …</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n problem(s) to fix before this can run:</source>
        <translation>
            <numerusform>%n problème à corriger avant de pouvoir exécuter :</numerusform>
            <numerusform>%n problèmes à corriger avant de pouvoir exécuter :</numerusform>
        </translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Waiting for the password of %1</source>
        <translation>En attente du mot de passe de %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>The server refused it: %1</source>
        <translation>Le serveur l&apos;a refusé : %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The keychain did not keep the password of %1 (%2): it lasts this session only.</source>
        <translation>Le trousseau n&apos;a pas gardé le mot de passe de %1 (%2) : il ne vaut que pour cette session.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No password for %1: steps and probes that log in this way will fail to connect. Open the files again to be asked again.</source>
        <translation>Pas de mot de passe pour %1 : les étapes et les sondes qui se connectent ainsi échoueront. Rouvrez les fichiers pour qu&apos;il soit redemandé.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 — cluster %2</source>
        <translation>%1 — cluster %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 — %2 — Runbook Console</source>
        <translation>%1 — %2 — Runbook Console</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ready: %1 on %2</source>
        <translation>Prêt : %1 sur %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cluster %1</source>
        <translation>Cluster %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a runbook and an inventory</source>
        <translation>Ouvrez un runbook et un inventaire</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n problem(s) in the files</source>
        <translation>
            <numerusform>%n problème dans les fichiers</numerusform>
            <numerusform>%n problèmes dans les fichiers</numerusform>
        </translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Alt+Shift+%1  %2  on  %3</source>
        <translation>Alt+Shift+%1  %2  sur  %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recent (File → Open recent):
%1</source>
        <translation>Récents (Fichier → Ouvrir un fichier récent) :
%1</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Run %1 · journal %2</source>
        <translation>Exécution %1 · journal %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Rollback refused: %1</source>
        <translation>Retour arrière refusé : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was changed: %1</source>
        <translation>Rien n&apos;a été modifié : %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run %1 %2: %3</source>
        <translation>Exécution %1 %2 : %3</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>The last run on this cluster (%1, %2) was interrupted: its process died at %3 while step &apos;%4&apos; was running (since %5, on %6). That step may or may not have taken effect: check it, then choose.</source>
        <translation>La dernière exécution sur ce cluster (%1, %2) a été interrompue : son processus s&apos;est arrêté à %3 pendant l&apos;étape &apos;%4&apos; (commencée à %5, sur %6). Cette étape a pu prendre effet ou non : vérifiez-la, puis choisissez.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The last run on this cluster (%1, %2) ended %3 at step &apos;%4&apos;: %5</source>
        <translation>La dernière exécution sur ce cluster (%1, %2) s&apos;est terminée (%3) à l&apos;étape &apos;%4&apos; : %5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The last run on this cluster (%1, %2) ended %3 at %4%5.</source>
        <translation>La dernière exécution sur ce cluster (%1, %2) s&apos;est terminée (%3) à %4%5.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> during its rollback</source>
        <translation> pendant son retour arrière</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Continue the rollback</source>
        <translation>Poursuivre le retour arrière</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume, re-running that step</source>
        <translation>Reprendre en relançant cette étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume, skipping that step</source>
        <translation>Reprendre en sautant cette étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>Roll back…</source>
        <translation>Retour arrière…</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dismiss</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Paused: %1. Resume (F6) retries it, Skip (Ctrl+Shift+K) passes it, Roll back undoes what ran.</source>
        <translation>En pause : %1. Reprendre (F6) la relance, Sauter (Ctrl+Shift+K) la passe, Retour arrière défait ce qui a été exécuté.</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+59"/>
        <source>ROLLING BACK</source>
        <translation>RETOUR ARRIÈRE EN COURS</translation>
    </message>
    <message>
        <location line="-47"/>
        <source> PRODUCTION </source>
        <translation> PRODUCTION </translation>
    </message>
    <message>
        <location line="+0"/>
        <source> rehearsal </source>
        <translation> répétition </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Fix the problems above to run</source>
        <translation>Corrigez les problèmes ci-dessus pour exécuter</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>READY · %n step(s), nothing run yet</source>
        <translation>
            <numerusform>PRÊT · %n étape, rien d&apos;exécuté pour l&apos;instant</numerusform>
            <numerusform>PRÊT · %n étapes, rien d&apos;exécuté pour l&apos;instant</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CANCELLING</source>
        <translation>ANNULATION</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>RUNNING</source>
        <translation>EN COURS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · step %1 of %2: %3</source>
        <translation> · étape %1 sur %2 : %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> on %1</source>
        <translation> sur %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · %1 of %2 expected</source>
        <translation> · %1 sur %2 prévues</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · OVERRUN +%1</source>
        <translation> · DÉPASSEMENT +%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · will pause after it</source>
        <translation> · pause après celle-ci</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>WAITING FOR YOU · step %1 of %2: %3</source>
        <translation>EN ATTENTE DE VOUS · étape %1 sur %2 : %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PAUSED · next: step %1 of %2: %3</source>
        <translation>EN PAUSE · suivante : étape %1 sur %2 : %3</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PAUSED</source>
        <translation>EN PAUSE</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>FINISHED · %1</source>
        <translation>TERMINÉE · %1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 of %2 steps done</source>
        <translation>%1 étapes faites sur %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · about %1 to go (until %2)</source>
        <translation> · encore environ %1 (jusqu&apos;à %2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · this phase %1</source>
        <translation> · cette phase %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · %1 behind plan</source>
        <translation> · %1 de retard sur le plan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · %1 ahead of plan</source>
        <translation> · %1 d&apos;avance sur le plan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · on plan</source>
        <translation> · dans les temps</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>the operator</source>
        <translation>l&apos;opérateur</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>A run is in progress</source>
        <translation>Une exécution est en cours</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A step is running. What should happen to it?</source>
        <translation>Une étape est en cours. Que faut-il en faire ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Either way the run is left paused and resumable (reopen the console, or `runbook-console resume %1`).</source>
        <translation>Dans les deux cas, l&apos;exécution reste en pause et peut être reprise (rouvrez la console, ou `runbook-console resume %1`).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel the step and close</source>
        <translation>Annuler l&apos;étape et fermer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close when this step ends</source>
        <translation>Fermer à la fin de cette étape</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A rollback is running. The console will close when it ends.</source>
        <translation>Un retour arrière est en cours. La console se fermera quand il sera terminé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close when the rollback ends</source>
        <translation>Fermer à la fin du retour arrière</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The run is paused. Closing ends it as cancelled; it stays resumable.</source>
        <translation>L&apos;exécution est en pause. Fermer la termine comme annulée ; elle reste reprenable.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopen the console on this runbook, or `runbook-console resume %1`.</source>
        <translation>Rouvrez la console sur ce runbook, ou `runbook-console resume %1`.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep the console open</source>
        <translation>Garder la console ouverte</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>the console was closed; resume with `runbook-console resume %1` or from the console</source>
        <translation>la console a été fermée ; reprenez avec `runbook-console resume %1` ou depuis la console</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/password/passworddialog.cpp" line="+16"/>
        <source>Password for %1</source>
        <translation>Mot de passe de %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server asks for the password of %1 (%2).</source>
        <translation>Le serveur demande le mot de passe de %1 (%2).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Remember in the keychain</source>
        <translation>Mémoriser dans le &amp;trousseau</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remember in the keychain</source>
        <translation>Mémoriser dans le trousseau</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kept in the system keychain, asked for again only if it changes.</source>
        <translation>Conservé dans le trousseau du système, redemandé seulement s&apos;il change.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No keychain service answers: the password is kept for this session only and asked for again next time. It is never written to a file.</source>
        <translation>Aucun service de trousseau ne répond : le mot de passe n&apos;est gardé que pour cette session et sera redemandé la prochaine fois. Il n&apos;est jamais écrit dans un fichier.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>S&amp;kip</source>
        <translation>&amp;Passer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Skip</source>
        <translation>Passer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Connect</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
</context>
<context>
    <name>PasswordLookup</name>
    <message>
        <location filename="../../app/credentials/passwordlookup.cpp" line="+24"/>
        <source>the conninfo</source>
        <translation>la conninfo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>typed this session</source>
        <translation>saisi pendant cette session</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the keychain</source>
        <translation>le trousseau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the password file</source>
        <translation>le fichier de mots de passe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the service file</source>
        <translation>le fichier de service</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>nowhere</source>
        <translation>nulle part</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>no keychain: %1</source>
        <translation>pas de trousseau : %1</translation>
    </message>
</context>
<context>
    <name>RollbackDialog</name>
    <message>
        <location filename="../../ui/rollback/rollbackdialog.cpp" line="+17"/>
        <source>Roll back now?</source>
        <translation>Revenir en arrière maintenant ?</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Rollback steps</source>
        <translation>Étapes du retour arrière</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>Annulation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Expected</source>
        <translation>Prévu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Roll back now</source>
        <translation>&amp;Revenir en arrière maintenant</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Roll back now</source>
        <translation>Revenir en arrière maintenant</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+41"/>
        <source>&amp;Keep going</source>
        <translation>&amp;Continuer</translation>
    </message>
    <message>
        <location line="-41"/>
        <location line="+42"/>
        <source>Keep going</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Rollback refused</source>
        <translation>Retour arrière refusé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing to undo: the run ends as rolled back.</source>
        <translation>Rien à défaire : l&apos;exécution se termine comme revenue en arrière.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n step(s) will be undone, newest first, in about %1</source>
        <translation>
            <numerusform>%n étape sera défaite, de la plus récente à la plus ancienne, en environ %1</numerusform>
            <numerusform>%n étapes seront défaites, de la plus récente à la plus ancienne, en environ %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source> (%n never rehearsed)</source>
        <translation>
            <numerusform> (%n jamais répétée)</numerusform>
            <numerusform> (%n jamais répétées)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>. The running step is cancelled first.</source>
        <translation>. L&apos;étape en cours est d&apos;abord annulée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clients can write again after about %1.</source>
        <translation>Les clients pourront de nouveau écrire après environ %1.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source> [done]</source>
        <translation> [faite]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> [its step did not complete]</source>
        <translation> [son étape ne s&apos;est pas terminée]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recorded inverse</source>
        <translation>inverse consigné</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>runbook</source>
        <translation>runbook</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Left as they are (no rollback defined): %1</source>
        <translation>Laissées en l&apos;état (aucun retour arrière défini) : %1</translation>
    </message>
</context>
<context>
    <name>RunOutcome</name>
    <message>
        <location filename="../../app/journal/runoutcome.cpp" line="+16"/>
        <source>is running</source>
        <translation>est en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>completed</source>
        <translation>s’est terminée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>a échoué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>was rolled back</source>
        <translation>a été défaite par le retour arrière</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>was cancelled</source>
        <translation>a été annulée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>was interrupted</source>
        <translation>a été interrompue</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <location filename="../../ui/runs/runsview.cpp" line="+71"/>
        <source>Wrote %1</source>
        <translation>%1 écrit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export failed: %1</source>
        <translation>Échec de l&apos;export : %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Markdown copied to the clipboard</source>
        <translation>Markdown copié dans le presse-papiers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not copy: %1</source>
        <translation>Copie impossible : %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export runs</source>
        <translation>Exporter les exécutions</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 files (*.%2)</source>
        <translation>Fichiers %1 (*.%2)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>run, runbook, cluster, operator</source>
        <translation>exécution, runbook, cluster, opérateur</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+5"/>
        <location line="+172"/>
        <source>any</source>
        <translation>tous</translation>
    </message>
    <message>
        <location line="-168"/>
        <location line="+4"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the journal again (Ctrl+R)</source>
        <translation>Relire le journal (Ctrl+R)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>F&amp;ilter</source>
        <translation>F&amp;iltre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Outcome</source>
        <translation>&amp;Résultat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Label</source>
        <translation>&amp;Étiquette</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Longer &amp;than</source>
        <translation>Plus longues &amp;que</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Do&amp;wntime over</source>
        <translation>&amp;Temps d&apos;arrêt supérieur à</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Ru&amp;ns (pick two or more to compare)</source>
        <translation>Exécutio&amp;ns (choisissez-en deux ou plus pour comparer)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runs (pick two or more to compare)</source>
        <translation>Exécutions (choisissez-en deux ou plus pour comparer)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Side by side</source>
        <translation>Côte à côte</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Gantt</source>
        <translation>Gantt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Side &amp;by side</source>
        <translation>Côt&amp;e à côte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Gantt</source>
        <translation>&amp;Gantt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;elected runs</source>
        <translation>Exécutions s&amp;électionnées</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export &amp;Markdown</source>
        <translation>Exporter en &amp;Markdown</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;CSV</source>
        <translation>Exporter en &amp;CSV</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export &amp;JSON</source>
        <translation>Exporter en &amp;JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;SVG</source>
        <translation>Exporter en &amp;SVG</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export &amp;PNG</source>
        <translation>Exporter en &amp;PNG</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cop&amp;y Markdown</source>
        <translation>Copier le Mar&amp;kdown</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Reading the journal ...</source>
        <translation>Lecture du journal ...</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n exécution</numerusform>
            <numerusform>%n exécutions</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Could not read the runs: %1</source>
        <translation>Lecture des exécutions impossible : %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+23"/>
        <source>Pick one or more runs first</source>
        <translation>Choisissez d&apos;abord une ou plusieurs exécutions</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Writing %1 ...</source>
        <translation>Écriture de %1 ...</translation>
    </message>
</context>
<context>
    <name>StartRunDialog</name>
    <message>
        <location filename="../../ui/run/startrundialog.cpp" line="+19"/>
        <source>Run one step</source>
        <translation>Exécuter une étape</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start the run</source>
        <translation>Lancer l&apos;exécution</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1
on cluster %2</source>
        <translation>%1
sur le cluster %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Rehearsal</source>
        <translation>&amp;Répétition</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rehearsal</source>
        <translation>Répétition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Production</source>
        <translation>&amp;Production</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Production</source>
        <translation>Production</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cutover</source>
        <translation>Bascule</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Hold clients in PgBouncer (their queries wait)</source>
        <translation>&amp;Mettre les clients en attente dans PgBouncer (leurs requêtes patientent)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold clients in PgBouncer (their queries wait)</source>
        <translation>Mettre les clients en attente dans PgBouncer (leurs requêtes patientent)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;fuse writes (they fail, reads go on)</source>
        <translation>Re&amp;fuser les écritures (elles échouent, les lectures continuent)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Refuse writes (they fail, reads go on)</source>
        <translation>Refuser les écritures (elles échouent, les lectures continuent)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This changes the production cluster. Type the cluster&apos;s name, %1, to confirm:</source>
        <translation>Ceci modifie le cluster de production. Tapez le nom du cluster, %1, pour confirmer :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cluster name</source>
        <translation>Nom du cluster</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cluster name</source>
        <translation>nom du cluster</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>&amp;Start production run</source>
        <translation>&amp;Lancer en production</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Start rehearsal</source>
        <translation>&amp;Lancer la répétition</translation>
    </message>
</context>
<context>
    <name>StepOutcome</name>
    <message>
        <location filename="../../app/engine/stepresult.cpp" line="+18"/>
        <source>has not run</source>
        <translation>n’a pas été exécutée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is running</source>
        <translation>est en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>succeeded</source>
        <translation>a réussi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>a échoué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>was cancelled</source>
        <translation>a été annulée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>timed out</source>
        <translation>a dépassé son délai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>was interrupted</source>
        <translation>a été interrompue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>was skipped</source>
        <translation>a été sautée</translation>
    </message>
</context>
<context>
    <name>TopologyDetails</name>
    <message>
        <location filename="../../ui/topology/topologydetails.cpp" line="+50"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Item</source>
        <translation>Élément</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+27"/>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read-only</source>
        <translation>Lecture seule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (default_transaction_read_only %2, transaction_read_only %3)</source>
        <translation>%1 (default_transaction_read_only %2, transaction_read_only %3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>on</source>
        <translation>on</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+1"/>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Received / replayed</source>
        <translation>Reçu / rejoué</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>WAL position</source>
        <translation>Position dans les WAL</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Longest transaction</source>
        <translation>Transaction la plus longue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Facts from</source>
        <translation>Informations de</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>down</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>lag </source>
        <translation>retard </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>subscription </source>
        <translation>abonnement </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>slot </source>
        <translation>slot </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from %1</source>
        <translation>depuis %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>to %1</source>
        <translation>vers %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replication</source>
        <translation>Réplication</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1, %2, retains %3%4</source>
        <translation>%1, %2, retient %3%4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>active</source>
        <translation>actif</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>inactive</source>
        <translation>inactif</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Slots</source>
        <translation>Slots</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>from %1, %2, tables %3/%4 ready%5</source>
        <translation>depuis %1, %2, tables %3/%4 prêtes%5</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>enabled</source>
        <translation>activé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>disabled</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, lag </source>
        <translation>, retard </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>all tables</source>
        <translation>toutes les tables</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 tables</source>
        <translation>%1 tables</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Publications</source>
        <translation>Publications</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>this console&apos;s probe</source>
        <translation>la sonde de cette console</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
</context>
<context>
    <name>TopologyGraphView</name>
    <message>
        <location filename="../../ui/topology/topologygraphview.cpp" line="+16"/>
        <source>Graph</source>
        <translation>Graphe</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>%1 nodes</source>
        <translation>%1 nœuds</translation>
    </message>
</context>
<context>
    <name>TopologyPainter</name>
    <message>
        <location filename="../../ui/topology/topologypainter.cpp" line="+132"/>
        <source> · UNREACHABLE</source>
        <translation> · INJOIGNABLE</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · PAUSED, %1 waiting</source>
        <translation> · EN PAUSE, %1 en attente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · SPLIT</source>
        <translation> · PARTAGÉ</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>UNREACHABLE </source>
        <translation>INJOIGNABLE </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>spare, not running</source>
        <translation>de réserve, arrêté</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>checking…</source>
        <translation>vérification…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not in the inventory</source>
        <translation>absent de l&apos;inventaire</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+11"/>
        <source>lag </source>
        <translation>retard </translation>
    </message>
    <message>
        <location line="-1"/>
        <source>%1, lag %2</source>
        <translation>%1, retard %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>streaming</source>
        <translation>streaming</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 connection</source>
        <translation>1 connexion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 connections</source>
        <translation>%1 connexions</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>PostgreSQL %1</source>
        <translation>PostgreSQL %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>read-only</source>
        <translation>lecture seule</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+169"/>
        <source>read-write</source>
        <translation>lecture-écriture</translation>
    </message>
    <message>
        <location line="-136"/>
        <source>Waiting for the first poll of the cluster…</source>
        <translation>En attente de la première interrogation du cluster…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>down</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>logical</source>
        <translation>logique</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>READ-ONLY</source>
        <translation>LECTURE SEULE</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>timeline %1</source>
        <translation>timeline %1</translation>
    </message>
</context>
<context>
    <name>TopologyPane</name>
    <message>
        <location filename="../../ui/topology/topologypane.cpp" line="+51"/>
        <source>Topology</source>
        <translation>Topologie</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Graph</source>
        <translation>&amp;Graphe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Table</source>
        <translation>&amp;Tableau</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Table</source>
        <translation>Tableau</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Details</source>
        <translation>&amp;Détails</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>waiting for the first poll</source>
        <translation>en attente de la première interrogation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 nodes</source>
        <translation>%1 nœuds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, all answering</source>
        <translation>, tous répondent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, unreachable: %1</source>
        <translation>, injoignables : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · updated %1</source>
        <translation> · mis à jour à %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>NO UPDATE FOR %1 · </source>
        <translation>AUCUNE MISE À JOUR DEPUIS %1 · </translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../../app/runbook/documentloader.cpp" line="+25"/>
        <source>expected a runbook (&apos;runbook:&apos; key) or an inventory (&apos;cluster:&apos; key), found %1</source>
        <translation>un runbook (clé &apos;runbook:&apos;) ou un inventaire (clé &apos;cluster:&apos;) était attendu, trouvé : %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>a file is a runbook (&apos;runbook:&apos;) or an inventory (&apos;cluster:&apos;), not both</source>
        <translation>un fichier est un runbook (&apos;runbook:&apos;) ou un inventaire (&apos;cluster:&apos;), pas les deux</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>neither a runbook (no &apos;runbook:&apos; key) nor an inventory (no &apos;cluster:&apos; key)</source>
        <translation>ni un runbook (pas de clé &apos;runbook:&apos;) ni un inventaire (pas de clé &apos;cluster:&apos;)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>expected a runbook, but this file is an inventory (&apos;cluster:&apos; key)</source>
        <translation>un runbook était attendu, mais ce fichier est un inventaire (clé &apos;cluster:&apos;)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expected an inventory, but this file is a runbook (&apos;runbook:&apos; key)</source>
        <translation>un inventaire était attendu, mais ce fichier est un runbook (clé &apos;runbook:&apos;)</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>expected a runbook, but this file is a library of step templates (&apos;library:&apos; key): open a runbook that includes it</source>
        <translation>un runbook était attendu, mais ce fichier est une bibliothèque de modèles d&apos;étapes (clé &apos;library:&apos;) : ouvrez un runbook qui l&apos;inclut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expected an inventory, but this file is a library of step templates (&apos;library:&apos; key)</source>
        <translation>un inventaire était attendu, mais ce fichier est une bibliothèque de modèles d&apos;étapes (clé &apos;library:&apos;)</translation>
    </message>
    <message>
        <location filename="../../app/runbook/duration.cpp" line="+22"/>
        <source>empty duration; write e.g. 5s, 200ms, 10m, 1h or 1m30s</source>
        <translation>durée vide ; écrivez par exemple 5s, 200ms, 10m, 1h ou 1m30s</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>bad duration &apos;%1&apos;: expected a number at &apos;%2&apos;; write e.g. 5s, 200ms or 1m30s</source>
        <translation>durée invalide &apos;%1&apos; : un nombre était attendu à &apos;%2&apos; ; écrivez par exemple 5s, 200ms ou 1m30s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bad duration &apos;%1&apos;: number too large</source>
        <translation>durée invalide &apos;%1&apos; : nombre trop grand</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>bad duration &apos;%1&apos;: the number needs a unit: ms, s, m or h (e.g. %2s)</source>
        <translation>durée invalide &apos;%1&apos; : le nombre doit avoir une unité : ms, s, m ou h (par exemple %2s)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bad duration &apos;%1&apos;: unknown unit at &apos;%2&apos;; units are ms, s, m and h</source>
        <translation>durée invalide &apos;%1&apos; : unité inconnue à &apos;%2&apos; ; les unités sont ms, s, m et h</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>bad duration &apos;%1&apos;: units must each appear once, largest first (e.g. 1h30m)</source>
        <translation>durée invalide &apos;%1&apos; : chaque unité ne peut apparaître qu&apos;une fois, de la plus grande à la plus petite (par exemple 1h30m)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>bad duration &apos;%1&apos;: longer than the limit of 168h</source>
        <translation>durée invalide &apos;%1&apos; : dépasse la limite de 168h</translation>
    </message>
    <message>
        <location filename="../../app/runbook/inventoryloader.cpp" line="+27"/>
        <source>the inventory</source>
        <translation>l&apos;inventaire</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the inventory has no &apos;nodes:&apos;</source>
        <translation>l&apos;inventaire n&apos;a pas de &apos;nodes:&apos;</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&apos;nodes&apos; is empty</source>
        <translation>&apos;nodes&apos; est vide</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>node &apos;%1&apos;</source>
        <translation>le nœud &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bad node name &apos;%1&apos;: use letters, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>nom de nœud invalide &apos;%1&apos; : utilisez des lettres, des chiffres, &apos;-&apos; et &apos;_&apos;</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>bad user name &apos;%1&apos; in &apos;run_as&apos;</source>
        <translation>nom d&apos;utilisateur invalide &apos;%1&apos; dans &apos;run_as&apos;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>unknown role &apos;%1&apos;%2 (roles: %3)</source>
        <translation>rôle inconnu &apos;%1&apos;%2 (rôles : %3)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>bad alias name &apos;%1&apos;: use letters, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>nom d&apos;alias invalide &apos;%1&apos; : utilisez des lettres, des chiffres, &apos;-&apos; et &apos;_&apos;</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>endpoint &apos;%1&apos;</source>
        <translation>le point d&apos;accès &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bad endpoint name &apos;%1&apos;: use letters, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>nom de point d&apos;accès invalide &apos;%1&apos; : utilisez des lettres, des chiffres, &apos;-&apos; et &apos;_&apos;</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>unknown endpoint kind &apos;%1&apos;%2 (kinds: pgbouncer, hosts)</source>
        <translation>type de point d&apos;accès inconnu &apos;%1&apos;%2 (types : pgbouncer, hosts)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&apos;%1&apos; applies to %2 endpoints only</source>
        <translation>&apos;%1&apos; ne s&apos;applique qu&apos;aux points d&apos;accès %2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>give &apos;%1&apos; in each of &apos;instances&apos;, not beside them</source>
        <translation>donnez &apos;%1&apos; dans chacune des &apos;instances&apos;, pas à côté</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;instances&apos; must be a list of PgBouncers, each with admin_conninfo, config and host</source>
        <translation>&apos;instances&apos; doit être une liste de PgBouncer, chacun avec admin_conninfo, config et host</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>instance %1 of %2</source>
        <translation>l&apos;instance %1 de %2</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>%1 has both &apos;hostname&apos; and &apos;hostnames&apos;: give one</source>
        <translation>%1 a à la fois &apos;hostname&apos; et &apos;hostnames&apos; : donnez-en un seul</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 has no &apos;hostname&apos; (or &apos;hostnames&apos;): the name(s) clients resolve</source>
        <translation>%1 n&apos;a pas de &apos;hostname&apos; (ni de &apos;hostnames&apos;) : le ou les noms que les clients résolvent</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&apos;hostnames&apos; is empty</source>
        <translation>&apos;hostnames&apos; est vide</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;%1&apos; is not a host name</source>
        <translation>&apos;%1&apos; n&apos;est pas un nom d&apos;hôte</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>host name &apos;%1&apos; is listed twice in &apos;hostnames&apos;</source>
        <translation>le nom d&apos;hôte &apos;%1&apos; figure deux fois dans &apos;hostnames&apos;</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 has no &apos;hosts&apos;: the SSH destinations whose hosts file is rewritten</source>
        <translation>%1 n&apos;a pas de &apos;hosts&apos; : les destinations SSH dont le fichier hosts est réécrit</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&apos;hosts&apos; is empty</source>
        <translation>&apos;hosts&apos; est vide</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 has no &apos;addresses&apos;: the IP address of each node it can route to</source>
        <translation>%1 n&apos;a pas de clé &apos;addresses&apos; : l&apos;adresse IP de chaque nœud vers lequel il peut router</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&apos;%1&apos; is not an IP address</source>
        <translation>&apos;%1&apos; n&apos;est pas une adresse IP</translation>
    </message>
    <message>
        <location line="+15"/>
        <location filename="../../app/runbook/runbookloader.cpp" line="+196"/>
        <source>bad var name &apos;%1&apos;: use letters, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>nom de variable invalide &apos;%1&apos; : utilisez des lettres, des chiffres, &apos;-&apos; et &apos;_&apos;</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&apos;%1&apos; must be &apos;local&apos; or an SSH destination like user@host, not &apos;%2&apos;</source>
        <translation>&apos;%1&apos; doit être &apos;local&apos; ou une destination SSH comme user@host, pas &apos;%2&apos;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>alias &apos;%1&apos; has the name of a node; a runbook name resolves to the node first</source>
        <translation>l&apos;alias &apos;%1&apos; porte le nom d&apos;un nœud ; dans un runbook, un nom désigne d&apos;abord le nœud</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>alias &apos;%1&apos; names node &apos;%2&apos;, which is not under &apos;nodes&apos;%3</source>
        <translation>l&apos;alias &apos;%1&apos; désigne le nœud &apos;%2&apos;, qui n&apos;est pas sous &apos;nodes&apos;%3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>upstream &apos;%1&apos; of node &apos;%2&apos; is not a node%3</source>
        <translation>l&apos;amont &apos;%1&apos; du nœud &apos;%2&apos; n&apos;est pas un nœud%3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>endpoint &apos;%1&apos; routes to &apos;%2&apos;, which is not a node%3</source>
        <translation>le point d&apos;accès &apos;%1&apos; route vers &apos;%2&apos;, qui n&apos;est pas un nœud%3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&apos;addresses&apos; of endpoint &apos;%1&apos; names &apos;%2&apos;, which is not a node%3</source>
        <translation>&apos;addresses&apos; du point d&apos;accès &apos;%1&apos; désigne &apos;%2&apos;, qui n&apos;est pas un nœud%3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 has no &apos;%2&apos;</source>
        <translation>%1 n&apos;a pas de &apos;%2&apos;</translation>
    </message>
    <message>
        <location filename="../../app/runbook/runbookloader.cpp" line="-73"/>
        <location line="+3"/>
        <source>the runbook</source>
        <translation>le runbook</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>the runbook has no &apos;phases:&apos;</source>
        <translation>le runbook n&apos;a pas de &apos;phases:&apos;</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>bad %1 name &apos;%2&apos;: use letters, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>nom de %1 invalide &apos;%2&apos; : utilisez des lettres, des chiffres, &apos;-&apos; et &apos;_&apos;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 &apos;%2&apos; is listed twice</source>
        <translation>%1 &apos;%2&apos; figure deux fois</translation>
    </message>
    <message>
        <location line="+112"/>
        <source>&apos;phases&apos; must be a list of phases, each with a name and steps</source>
        <translation>&apos;phases&apos; doit être une liste de phases, chacune avec un nom et des étapes</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>phase %1</source>
        <translation>la phase %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 has no &apos;name&apos;</source>
        <translation>%1 n&apos;a pas de &apos;name&apos;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>phase &apos;%1&apos;</source>
        <translation>la phase &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 has no &apos;steps&apos;</source>
        <translation>%1 n&apos;a pas de &apos;steps&apos;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;steps&apos; of %1 must be a list of steps</source>
        <translation>&apos;steps&apos; de %1 doit être une liste d&apos;étapes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>step %1 of %2</source>
        <translation>l&apos;étape %1 de %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>duplicate step id &apos;%1&apos; (first used at line %2, column %3)</source>
        <translation>identifiant d&apos;étape en double &apos;%1&apos; (déjà utilisé ligne %2, colonne %3)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>node &apos;%1&apos; is listed twice in &apos;on&apos;</source>
        <translation>le nœud &apos;%1&apos; figure deux fois dans &apos;on&apos;</translation>
    </message>
    <message>
        <location line="+207"/>
        <location filename="../../app/runbook/runbookvalidator.cpp" line="+102"/>
        <source>step &apos;%1&apos;</source>
        <translation>l&apos;étape &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bad step id &apos;%1&apos;: use lowercase letters, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>identifiant d&apos;étape invalide &apos;%1&apos; : utilisez des minuscules, des chiffres, &apos;-&apos; et &apos;_&apos;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 has no &apos;id&apos;</source>
        <translation>%1 n&apos;a pas de clé &apos;id&apos;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&apos;%1&apos; is not allowed in a rollback</source>
        <translation>&apos;%1&apos; n&apos;est pas permis dans un retour arrière</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 has no kind: give exactly one of sql, shell, wait, manual, switch or batch (or check, sql_file, shell_file)</source>
        <translation>%1 n&apos;a pas de type : donnez-en exactement un parmi sql, shell, wait, manual, switch ou batch (ou check, sql_file, shell_file)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 has two kinds, &apos;%2&apos; and &apos;%3&apos;: give exactly one</source>
        <translation>%1 a deux types, &apos;%2&apos; et &apos;%3&apos; : n&apos;en donnez qu&apos;un</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>&apos;on&apos; does not apply to a %1 step</source>
        <translation>&apos;on&apos; ne s&apos;applique pas à une étape %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a %1 step runs on one node; &apos;on&apos; lists %2</source>
        <translation>une étape %1 s&apos;exécute sur un seul nœud ; &apos;on&apos; en liste %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 needs &apos;on&apos;: the node to run it on (in &apos;%2:&apos; or on the step)</source>
        <translation>%1 a besoin de &apos;on&apos; : le nœud sur lequel l&apos;exécuter (dans &apos;%2:&apos; ou sur l&apos;étape)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 needs &apos;on&apos;: the node%2 to run it on</source>
        <translation>%1 a besoin de &apos;on&apos; : le ou les nœuds%2 sur lesquels l&apos;exécuter</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>&apos;retry_from&apos; applies only to sql steps</source>
        <translation>&apos;retry_from&apos; ne s&apos;applique qu&apos;aux étapes sql</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;retry_from&apos; must be &apos;failed&apos; (the failed statement) or &apos;start&apos; (every statement), not &apos;%1&apos;%2</source>
        <translation>&apos;retry_from&apos; doit valoir &apos;failed&apos; (l&apos;instruction en échec) ou &apos;start&apos; (toutes les instructions), pas &apos;%1&apos;%2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&apos;%1&apos; applies only to steps that run SQL</source>
        <translation>&apos;%1&apos; ne s&apos;applique qu&apos;aux étapes qui exécutent du SQL</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&apos;idempotent&apos; applies only to sql steps</source>
        <translation>&apos;idempotent&apos; ne s&apos;applique qu&apos;aux étapes sql</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&apos;on_failure&apos; must be &apos;stop&apos; or &apos;rollback&apos;, not &apos;%1&apos;%2</source>
        <translation>&apos;on_failure&apos; doit valoir &apos;stop&apos; ou &apos;rollback&apos;, pas &apos;%1&apos;%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&apos;decision&apos; applies only to a manual step (a go/no-go gate)</source>
        <translation>&apos;decision&apos; ne s&apos;applique qu&apos;à une étape manuelle (un point de décision go/no-go)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>unknown downtime marker &apos;%1&apos;%2 (markers: %3)</source>
        <translation>marqueur de temps d&apos;arrêt inconnu &apos;%1&apos;%2 (marqueurs : %3)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the rollback of %1</source>
        <translation>le retour arrière de %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&apos;when&apos; of %1</source>
        <translation>&apos;when&apos; de %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 needs &apos;sql&apos;: a query whose first value is true or false</source>
        <translation>%1 demande &apos;sql&apos; : une requête dont la première valeur est vraie ou fausse</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+32"/>
        <source>%1 needs &apos;on&apos;: the node that answers the query</source>
        <translation>%1 demande &apos;on&apos; : le nœud qui répond à la requête</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>&apos;for_each&apos; of %1</source>
        <translation>&apos;for_each&apos; de %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;for_each&apos; applies only to sql, check and shell steps, not to a %1 step</source>
        <translation>&apos;for_each&apos; ne s&apos;applique qu&apos;aux étapes sql, check et shell, pas à une étape %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is a map: {sql: QUERY, on: NODE}, the step running once per row of the query</source>
        <translation>%1 est une table : {sql: REQUÊTE, on: NŒUD}, l&apos;étape s&apos;exécutant une fois par ligne de la requête</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 needs &apos;sql&apos;: the query whose rows the step runs for</source>
        <translation>%1 demande &apos;sql&apos; : la requête pour chaque ligne de laquelle l&apos;étape s&apos;exécute</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 has an empty query</source>
        <translation>%1 a une requête vide</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a step with &apos;for_each&apos; captures nothing: which iteration&apos;s values would later steps see?</source>
        <translation>une étape avec &apos;for_each&apos; ne capture rien : les valeurs de quelle itération les étapes suivantes verraient-elles ?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a step with &apos;for_each&apos; runs on one node; &apos;on&apos; lists %1</source>
        <translation>une étape avec &apos;for_each&apos; s&apos;exécute sur un seul nœud ; &apos;on&apos; en liste %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;for_each&apos; and &apos;downtime&apos; do not go together: give the window its own step</source>
        <translation>&apos;for_each&apos; et &apos;downtime&apos; ne vont pas ensemble : donnez à la fenêtre sa propre étape</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&apos;%1&apos; applies only to sql and shell steps, not to a %2 step</source>
        <translation>&apos;%1&apos; ne s&apos;applique qu&apos;aux étapes sql et shell, pas à une étape %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&apos;capture: all&apos; is for sql steps (the columns of the first row): a shell step names the lines NAME=value it captures</source>
        <translation>&apos;capture: all&apos; est pour les étapes sql (les colonnes de la première ligne) : une étape shell nomme les lignes NOM=valeur qu&apos;elle capture</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>bad capture name &apos;%1&apos;: use letters, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>nom de capture invalide &apos;%1&apos; : utilisez des lettres, des chiffres, &apos;-&apos; et &apos;_&apos;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;%1&apos; is captured twice (first at line %2, column %3)</source>
        <translation>&apos;%1&apos; est capturé deux fois (la première ligne %2, colonne %3)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>a step that captures values runs on one node; &apos;on&apos; lists %1</source>
        <translation>une étape qui capture des valeurs s&apos;exécute sur un seul nœud ; &apos;on&apos; en liste %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>&apos;wait&apos; of %1</source>
        <translation>&apos;wait&apos; de %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 has both &apos;sql&apos; and &apos;shell&apos;: give one</source>
        <translation>%1 a à la fois &apos;sql&apos; et &apos;shell&apos; : n&apos;en donnez qu&apos;un</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 needs &apos;sql&apos; or &apos;shell&apos;: what to poll until it is true</source>
        <translation>%1 a besoin de &apos;sql&apos; ou de &apos;shell&apos; : ce qu&apos;il faut interroger jusqu&apos;à ce que ce soit vrai</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&apos;every&apos; must be at least 10ms</source>
        <translation>&apos;every&apos; doit valoir au moins 10ms</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&apos;batch&apos; of %1</source>
        <translation>&apos;batch&apos; de %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 needs &apos;sql&apos;: the statement to repeat</source>
        <translation>%1 a besoin de &apos;sql&apos; : l&apos;instruction à répéter</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>give &apos;on&apos; once: inside &apos;%1:&apos; or on the step, not both</source>
        <translation>donnez &apos;on&apos; une seule fois : dans &apos;%1:&apos; ou sur l&apos;étape, pas les deux</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&apos;switch&apos; of %1</source>
        <translation>&apos;switch&apos; de %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 needs &apos;endpoint&apos;: the endpoint to repoint</source>
        <translation>%1 a besoin de la clé &apos;endpoint&apos; : le point d&apos;accès à rediriger</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 needs &apos;to&apos;: the node to route to</source>
        <translation>%1 a besoin de &apos;to&apos; : le nœud vers lequel router</translation>
    </message>
    <message>
        <location filename="../../app/runbook/runbookvalidator.cpp" line="-50"/>
        <source>lossless_rollback.until names no step: &apos;%1&apos;</source>
        <translation>lossless_rollback.until ne désigne aucune étape : &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;%1-begin&apos; is never ended by a &apos;%1-end&apos;</source>
        <translation>&apos;%1-begin&apos; n&apos;est jamais fermé par un &apos;%1-end&apos;</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>required node &apos;%1&apos; is not in inventory %2: no node or alias of that name%3</source>
        <translation>le nœud requis &apos;%1&apos; n&apos;est pas dans l&apos;inventaire %2 : aucun nœud ni alias de ce nom%3</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>required endpoint &apos;%1&apos; is not in inventory %2%3</source>
        <translation>le point d&apos;accès requis &apos;%1&apos; n&apos;est pas dans l&apos;inventaire %2%3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&apos;on&apos; names node &apos;%1&apos; that the runbook does not require%2 (requires.nodes: %3)</source>
        <translation>&apos;on&apos; désigne le nœud &apos;%1&apos; que le runbook ne requiert pas%2 (requires.nodes : %3)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&apos;when&apos; asks node &apos;%1&apos; that the runbook does not require%2 (requires.nodes: %3)</source>
        <translation>&apos;when&apos; interroge le nœud &apos;%1&apos; que le runbook ne requiert pas%2 (requires.nodes : %3)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;for_each&apos; asks node &apos;%1&apos; that the runbook does not require%2 (requires.nodes: %3)</source>
        <translation>&apos;for_each&apos; interroge le nœud &apos;%1&apos; que le runbook ne requiert pas%2 (requires.nodes : %3)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>switch names endpoint &apos;%1&apos; that the runbook does not require%2 (requires.endpoints: %3)</source>
        <translation>switch désigne le point d&apos;accès &apos;%1&apos; que le runbook ne requiert pas%2 (requires.endpoints : %3)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>switch &apos;to&apos; names node &apos;%1&apos; that the runbook does not require%2 (requires.nodes: %3)</source>
        <translation>le &apos;to&apos; de switch désigne le nœud &apos;%1&apos; que le runbook ne requiert pas%2 (requires.nodes : %3)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>endpoint &apos;%1&apos; in inventory %2 has no address for node &apos;%3&apos;</source>
        <translation>le point d&apos;accès &apos;%1&apos; de l&apos;inventaire %2 n&apos;a pas d&apos;adresse pour le nœud &apos;%3&apos;</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&apos;%1&apos;: neither a step nor its rollback can use what the step captures (a rollback also runs after a failure, and a failed step captures nothing)</source>
        <translation>&apos;%1&apos; : ni une étape ni son rollback ne peuvent utiliser ce que l&apos;étape capture (un rollback s&apos;exécute aussi après un échec, et une étape en échec ne capture rien)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;%1&apos;: step &apos;%2&apos; runs after step &apos;%3&apos;; only values captured by earlier steps can be used</source>
        <translation>&apos;%1&apos; : l&apos;étape &apos;%2&apos; s&apos;exécute après l&apos;étape &apos;%3&apos; ; seules les valeurs capturées par des étapes antérieures sont utilisables</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&apos;%1&apos; in &apos;%2&apos;: a loop&apos;s row is known only in what runs for each row (not in the title, &apos;when&apos; or the &apos;for_each&apos; query)</source>
        <translation>&apos;%1&apos; dans &apos;%2&apos; : la ligne d&apos;une boucle n&apos;est connue que dans ce qui s&apos;exécute pour chaque ligne (pas dans le titre, &apos;when&apos; ni la requête de &apos;for_each&apos;)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;%1&apos; outside a loop: only a step with &apos;for_each&apos; (and its rollback) has a row</source>
        <translation>&apos;%1&apos; hors d&apos;une boucle : seule une étape avec &apos;for_each&apos; (et son rollback) a une ligne</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&apos;%1-begin&apos; again before &apos;%1-end&apos; (the window opened at line %2, column %3)</source>
        <translation>&apos;%1-begin&apos; de nouveau avant &apos;%1-end&apos; (la fenêtre a été ouverte ligne %2, colonne %3)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&apos;%1-end&apos; without an earlier &apos;%1-begin&apos;</source>
        <translation>&apos;%1-end&apos; sans &apos;%1-begin&apos; auparavant</translation>
    </message>
    <message>
        <location filename="../../app/runbook/spellingsuggestion.cpp" line="+48"/>
        <source>; did you mean &apos;%1&apos;?</source>
        <translation> ; vouliez-vous dire &apos;%1&apos; ?</translation>
    </message>
    <message>
        <location filename="../../app/runbook/templaterenderer.cpp" line="+48"/>
        <location line="+17"/>
        <location line="+16"/>
        <source>contains a NUL character</source>
        <translation>contient un caractère NUL</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>is empty, which is no SQL identifier</source>
        <translation>est vide, ce qui n&apos;est pas un identifiant SQL</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>undefined template path &apos;%1&apos;: %2</source>
        <translation>chemin de modèle non défini &apos;%1&apos; : %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>write %1.NAME.FIELD</source>
        <translation>écrivez %1.NOM.CHAMP</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the runbook does not require %1 &apos;%2&apos;%3 (requires.%4: %5)</source>
        <translation>le runbook ne requiert pas de %1 &apos;%2&apos;%3 (requires.%4 : %5)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1s have no field &apos;%2&apos;%3 (fields: %4)</source>
        <translation>les %1s n&apos;ont pas de champ &apos;%2&apos;%3 (champs : %4)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the inventory has no node or alias &apos;%1&apos;</source>
        <translation>l&apos;inventaire n&apos;a pas de nœud ni d&apos;alias &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the inventory has no endpoint &apos;%1&apos;</source>
        <translation>l&apos;inventaire n&apos;a pas de point d&apos;accès &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 &apos;%2&apos;%3 in the inventory has no &apos;%4&apos;</source>
        <translation>%1 &apos;%2&apos;%3 de l&apos;inventaire n&apos;a pas de &apos;%4&apos;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>write vars.NAME</source>
        <translation>écrivez vars.NOM</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the runbook declares no var &apos;%1&apos;%2 (declare it under &apos;vars:&apos;, with ~ when the inventory must set it)</source>
        <translation>le runbook ne déclare pas de variable &apos;%1&apos;%2 (déclarez-la sous &apos;vars:&apos;, avec ~ quand l&apos;inventaire doit la définir)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the inventory does not set var &apos;%1&apos; and the runbook gives no default</source>
        <translation>l&apos;inventaire ne définit pas la variable &apos;%1&apos; et le runbook ne donne pas de valeur par défaut</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>run has id, started_at and label%1</source>
        <translation>run a id, started_at et label%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>cluster has only name</source>
        <translation>cluster n&apos;a que name</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>write steps.ID.NAME (a value step ID captures)</source>
        <translation>écrivez steps.ID.NOM (une valeur que l&apos;étape ID capture)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the runbook has no step &apos;%1&apos;%2</source>
        <translation>le runbook n&apos;a pas d&apos;étape &apos;%1&apos;%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>step &apos;%1&apos; captures nothing (give it &apos;capture: [%2]&apos;)</source>
        <translation>l&apos;étape &apos;%1&apos; ne capture rien (donnez-lui &apos;capture: [%2]&apos;)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step &apos;%1&apos; captures no &apos;%2&apos;%3 (it captures: %4)</source>
        <translation>l&apos;étape &apos;%1&apos; ne capture pas &apos;%2&apos;%3 (elle capture : %4)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the secret value step &apos;%1&apos; captured is kept in no journal, and the process that captured it has ended</source>
        <translation>la valeur secrète capturée par l&apos;étape &apos;%1&apos; n&apos;est gardée dans aucun journal, et le processus qui l&apos;a capturée est terminé</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>step &apos;%1&apos; has captured nothing in this run (it has not run, was skipped or failed)</source>
        <translation>l&apos;étape &apos;%1&apos; n&apos;a rien capturé dans cette exécution (elle ne s&apos;est pas exécutée, a été sautée ou a échoué)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>step &apos;%1&apos; captured no &apos;%2&apos; (its first row has no such column)</source>
        <translation>l&apos;étape &apos;%1&apos; n&apos;a pas capturé &apos;%2&apos; (sa première ligne n&apos;a pas cette colonne)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>write item.COLUMN (a column of the row of &apos;for_each&apos; this iteration runs for)</source>
        <translation>écrivez item.COLONNE (une colonne de la ligne de &apos;for_each&apos; pour laquelle cette itération s&apos;exécute)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the rows of &apos;for_each&apos; have no column &apos;%1&apos;%2 (columns: %3)</source>
        <translation>les lignes de &apos;for_each&apos; n&apos;ont pas de colonne &apos;%1&apos;%2 (colonnes : %3)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>loop has index (1-based) and count%1</source>
        <translation>loop a index (à partir de 1) et count%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>paths start with nodes, endpoints, vars, run, cluster, steps, item or loop%1</source>
        <translation>les chemins commencent par nodes, endpoints, vars, run, cluster, steps, item ou loop%1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>template value in SQL needs a filter: ident, literal or raw</source>
        <translation>une valeur de modèle dans du SQL exige un filtre : ident, literal ou raw</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>template value in SQL needs a filter: ident, literal or raw (the last filter is &apos;shell&apos;)</source>
        <translation>une valeur de modèle dans du SQL exige un filtre : ident, literal ou raw (le dernier filtre est &apos;shell&apos;)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&apos;%1&apos; has no value yet: it needs %2</source>
        <translation>&apos;%1&apos; n&apos;a pas encore de valeur : il faut %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a run</source>
        <translation>une exécution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an inventory</source>
        <translation>un inventaire</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>a shell command can be given the password of one conninfo only (as PGPASSWORD); keep the others in .pgpass on that host</source>
        <translation>une commande shell ne peut recevoir le mot de passe que d&apos;une seule conninfo (par PGPASSWORD) ; gardez les autres dans le .pgpass de cet hôte</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+28"/>
        <source>value of &apos;%1&apos; %2</source>
        <translation>la valeur de &apos;%1&apos; %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>value of &apos;%1&apos; contains a NUL character</source>
        <translation>la valeur de &apos;%1&apos; contient un caractère NUL</translation>
    </message>
    <message>
        <location filename="../../app/runbook/templatetext.cpp" line="+37"/>
        <source>unclosed &apos;{{&apos;: no matching &apos;}}&apos;</source>
        <translation>&apos;{{&apos; non fermé : aucun &apos;}}&apos; correspondant</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>empty template &apos;{{ }}&apos;: give a path such as nodes.NAME.port or vars.NAME</source>
        <translation>modèle vide &apos;{{ }}&apos; : donnez un chemin comme nodes.NOM.port ou vars.NOM</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>bad template path &apos;%1&apos;: names of letters, digits, &apos;-&apos; and &apos;_&apos; joined by &apos;.&apos;</source>
        <translation>chemin de modèle invalide &apos;%1&apos; : des noms faits de lettres, de chiffres, &apos;-&apos; et &apos;_&apos; reliés par &apos;.&apos;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>empty filter after &apos;|&apos; in &apos;%1&apos;</source>
        <translation>filtre vide après &apos;|&apos; dans &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unknown filter &apos;%1&apos;%2 (filters: ident, literal, raw, shell)</source>
        <translation>filtre inconnu &apos;%1&apos;%2 (filtres : ident, literal, raw, shell)</translation>
    </message>
    <message>
        <location filename="../../app/runbook/yamlfieldreader.cpp" line="+23"/>
        <source>%1 must be a map of keys and values, not %2</source>
        <translation>%1 doit être un dictionnaire de clés et de valeurs, pas %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>unknown key &apos;%1&apos; in %2%3</source>
        <translation>clé inconnue &apos;%1&apos; dans %2%3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unknown key &apos;%1&apos; in %2 (known keys: %3)</source>
        <translation>clé inconnue &apos;%1&apos; dans %2 (clés connues : %3)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&apos;%1&apos; needs a value</source>
        <translation>&apos;%1&apos; a besoin d&apos;une valeur</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;%1&apos; must be text, not %2</source>
        <translation>&apos;%1&apos; doit être du texte, pas %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;%1&apos; is empty</source>
        <translation>&apos;%1&apos; est vide</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&apos;%1&apos; must be a whole number, not &apos;%2&apos;</source>
        <translation>&apos;%1&apos; doit être un nombre entier, pas &apos;%2&apos;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;%1&apos; must be between %2 and %3, not %4</source>
        <translation>&apos;%1&apos; doit être compris entre %2 et %3, pas %4</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&apos;%1&apos; must be true or false, not &apos;%2&apos;</source>
        <translation>&apos;%1&apos; doit valoir true ou false, pas &apos;%2&apos;</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&apos;%1&apos; must be a list%2, not %3</source>
        <translation>&apos;%1&apos; doit être une liste%2, pas %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> or text</source>
        <translation> ou du texte</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>items of &apos;%1&apos; must be text, not %2</source>
        <translation>les éléments de &apos;%1&apos; doivent être du texte, pas %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty text</source>
        <translation>du texte vide</translation>
    </message>
    <message>
        <location filename="../../app/runbook/yamlnode.cpp" line="+36"/>
        <location filename="../../app/runbook/yamlreader.cpp" line="+225"/>
        <source>a list</source>
        <translation>une liste</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../app/runbook/yamlreader.cpp" line="+0"/>
        <source>a map</source>
        <translation>un dictionnaire</translation>
    </message>
    <message>
        <location filename="../../app/runbook/yamlreader.cpp" line="-129"/>
        <source>a file holds one YAML document; found another one here</source>
        <translation>un fichier contient un seul document YAML ; un autre commence ici</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>alias to an unknown anchor</source>
        <translation>alias vers une ancre inconnue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>alias &apos;*%1&apos; refers to a node that contains it</source>
        <translation>l&apos;alias &apos;*%1&apos; renvoie à un nœud qui le contient</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>more than %1 YAML nodes once aliases are expanded; refusing to read further (an alias bomb?)</source>
        <translation>plus de %1 nœuds YAML une fois les alias développés ; lecture interrompue (une bombe d&apos;alias ?)</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+41"/>
        <source>a key must be text, not %1</source>
        <translation>une clé doit être du texte, pas %1</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>nested deeper than %1 levels; refusing to read further</source>
        <translation>imbrication de plus de %1 niveaux ; lecture interrompue</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>duplicate key &apos;%1&apos; (first given at line %2, column %3)</source>
        <translation>clé en double &apos;%1&apos; (déjà donnée ligne %2, colonne %3)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>is a directory, not a YAML file</source>
        <translation>est un répertoire, pas un fichier YAML</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>cannot read file: %1</source>
        <translation>lecture du fichier impossible : %1</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>file is larger than %1 MiB; runbooks and inventories are far smaller</source>
        <translation>le fichier dépasse %1 Mio ; les runbooks et les inventaires sont bien plus petits</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>file contains a NUL byte; is it a binary file?</source>
        <translation>le fichier contient un octet NUL ; est-ce un fichier binaire ?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>file is not valid UTF-8 (byte 0x%1 at offset %2)</source>
        <translation>le fichier n&apos;est pas en UTF-8 valide (octet 0x%1 à la position %2)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>YAML syntax error: %1</source>
        <translation>erreur de syntaxe YAML : %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cannot read YAML: %1</source>
        <translation>lecture du YAML impossible : %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>file is empty; expected a runbook (&apos;runbook:&apos; key) or an inventory (&apos;cluster:&apos; key)</source>
        <translation>le fichier est vide ; un runbook (clé &apos;runbook:&apos;) ou un inventaire (clé &apos;cluster:&apos;) était attendu</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <location filename="../../app/cli/exportcommand.cpp" line="+24"/>
        <location filename="../../app/cli/forecastcommand.cpp" line="+25"/>
        <location filename="../../app/cli/runcommand.cpp" line="+201"/>
        <location filename="../../app/cli/runscommand.cpp" line="+25"/>
        <source>The run journal (default %1).</source>
        <translation>Le journal des exécutions (par défaut %1).</translation>
    </message>
    <message>
        <location filename="../../app/cli/passwordcommand.cpp" line="+46"/>
        <location filename="../../app/cli/runbookinputs.cpp" line="+18"/>
        <location filename="../../app/cli/statuscommand.cpp" line="+179"/>
        <source>--inventory is required</source>
        <translation>--inventory est obligatoire</translation>
    </message>
    <message>
        <location filename="../../app/cli/runbookinputs.cpp" line="-2"/>
        <source>give one runbook</source>
        <translation>donnez un seul runbook</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no runbook given</source>
        <translation>aucun runbook donné</translation>
    </message>
</context>
<context>
    <name>console</name>
    <message>
        <location filename="../../ui/consoleapplication.cpp" line="+23"/>
        <source>Walks a PostgreSQL upgrade, move or schema change step by step.</source>
        <translation>Conduit pas à pas une mise à niveau de PostgreSQL, un déplacement de base ou un changement de schéma.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runbook YAML to open.</source>
        <translation>Runbook YAML à ouvrir.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inventory YAML of the cluster.</source>
        <translation>Inventaire YAML du cluster.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run journal (SQLite) to record into and read history from.</source>
        <translation>Journal des exécutions (SQLite) où consigner et où lire l&apos;historique.</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <location filename="../../app/cli/exportcommand.cpp" line="-8"/>
        <source>Compare with these runs: the change-request comparison, or a Gantt with one lane per run.</source>
        <translation>Comparer avec ces exécutions : la comparaison pour la demande de changement, ou un Gantt avec une ligne par exécution.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>markdown, csv, json, svg or png (default: from -o&apos;s extension, else markdown).</source>
        <translation>markdown, csv, json, svg ou png (par défaut : d&apos;après l&apos;extension de -o, sinon markdown).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write to FILE instead of standard output.</source>
        <translation>Écrire dans FILE au lieu de la sortie standard.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Exports a journaled run (RUN: a run id, a unique prefix of one, or &quot;last&quot;), or compares several,
for the wiki or a spreadsheet; svg and png draw the Gantt picture. Opens the journal read-only.</source>
        <translation>Exporte une exécution journalisée (RUN : un identifiant d&apos;exécution, un préfixe unique de celui-ci, ou &quot;last&quot;),
ou en compare plusieurs, pour le wiki ou un tableur ; svg et png dessinent le diagramme de Gantt.
Ouvre le journal en lecture seule.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0 exported, 1 the file could not be written, 2 invalid input.</source>
        <translation>0 exporté, 1 le fichier n&apos;a pas pu être écrit, 2 entrée invalide.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>one run at a time, or several with --compare</source>
        <translation>une exécution à la fois, ou plusieurs avec --compare</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>export: unknown format &apos;%1&apos; (markdown, csv, json, svg or png)</source>
        <translation>export : format inconnu &apos;%1&apos; (markdown, csv, json, svg ou png)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>export: png is binary: give -o FILE</source>
        <translation>export : png est binaire : donnez -o FILE</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>export: run %1 is given twice</source>
        <translation>export : l&apos;exécution %1 est donnée deux fois</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>export: cannot write %1: %2</source>
        <translation>export : écriture de %1 impossible : %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>wrote %1</source>
        <translation>%1 écrit</translation>
    </message>
</context>
<context>
    <name>forecast</name>
    <message>
        <location filename="../../app/cli/forecastcommand.cpp" line="-7"/>
        <source>Forecasts how long a runbook will take on a cluster, and its downtime, from its earlier runs
in the journal (medians, p90, flags where the forecast is weak).</source>
        <translation>Prévoit la durée d&apos;un runbook sur un cluster, et son temps d&apos;arrêt, d&apos;après ses exécutions
précédentes dans le journal (médianes, p90, signale les prévisions peu fiables).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0 printed, 2 invalid input.</source>
        <translation>0 affiché, 2 entrée invalide.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The inventory of the cluster to forecast for.</source>
        <translation>L&apos;inventaire du cluster pour lequel prévoir.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>text (default), markdown or json.</source>
        <translation>text (par défaut), markdown ou json.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Learn from runs on every cluster, not only this one.</source>
        <translation>Apprendre des exécutions sur tous les clusters, pas seulement celui-ci.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>unknown format &apos;%1&apos; (text, markdown or json)</source>
        <translation>format inconnu &apos;%1&apos; (text, markdown ou json)</translation>
    </message>
</context>
<context>
    <name>password</name>
    <message>
        <location filename="../../app/cli/passwordcommand.cpp" line="-17"/>
        <source>Stores in the system keychain (Secret Service: GNOME Keyring, KWallet) the password the node&apos;s
connection logs in with (set: read without echo from the terminal, or a line of standard input;
checked against the server when it answers), or removes it (forget). NODE is a node, an alias
or an endpoint of the inventory. Never written to a file: without a keychain service, nothing
is stored.</source>
        <translation>Enregistre dans le trousseau du système (Secret Service : GNOME Keyring, KWallet) le mot de passe
avec lequel se connecte le nœud (set : lu sans écho depuis le terminal, ou une ligne de l&apos;entrée
standard ; vérifié auprès du serveur s&apos;il répond), ou le supprime (forget). NODE est un nœud, un
alias ou un point d&apos;accès de l&apos;inventaire. Jamais écrit dans un fichier : sans service de
trousseau, rien n&apos;est enregistré.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>0 stored or removed, 1 the server refused the password or no keychain service answers, 2 invalid input.</source>
        <translation>0 enregistré ou supprimé, 1 le serveur a refusé le mot de passe ou aucun service de trousseau ne répond, 2 entrée invalide.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The inventory NODE belongs to.</source>
        <translation>L&apos;inventaire auquel appartient NODE.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>say set or forget, then a node</source>
        <translation>indiquez set ou forget, puis un nœud</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 is not a node or endpoint of %2</source>
        <translation>%1 n&apos;est ni un nœud ni un point d&apos;accès de %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>no password of %1 in the keychain: nothing to forget</source>
        <translation>pas de mot de passe de %1 dans le trousseau : rien à oublier</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>password: the keychain did not remove %1: %2</source>
        <translation>password : le trousseau n&apos;a pas supprimé %1 : %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>forgot the password of %1</source>
        <translation>mot de passe de %1 oublié</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Password of %1: </source>
        <translation>Mot de passe de %1 : </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no password given</source>
        <translation>aucun mot de passe donné</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>password: the server refused it (%1): nothing stored</source>
        <translation>password : le serveur l&apos;a refusé (%1) : rien n&apos;a été enregistré</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the server could not be asked (%1): storing it unchecked</source>
        <translation>le serveur n&apos;a pas pu être interrogé (%1) : enregistrement sans vérification</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>password: no keychain service stored it (%1): nothing was written anywhere; put it in ~/.pgpass (mode 0600) or let the console ask each session</source>
        <translation>password : aucun service de trousseau ne l&apos;a enregistré (%1) : rien n&apos;a été écrit nulle part ; mettez-le dans ~/.pgpass (mode 0600) ou laissez la console le demander à chaque session</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>stored the password of %1 in the keychain</source>
        <translation>mot de passe de %1 enregistré dans le trousseau</translation>
    </message>
</context>
<context>
    <name>plan</name>
    <message>
        <location filename="../../app/cli/plancommand.cpp" line="+13"/>
        <source>Prints every phase and step as it would run on the inventory&apos;s cluster (node, rendered
SQL or command, budgets, rollback, downtime markers), passwords masked. Connects to nothing.</source>
        <translation>Affiche chaque phase et chaque étape telles qu&apos;elles s&apos;exécuteraient sur le cluster de l&apos;inventaire
(nœud, SQL ou commande rendus, budgets, retour arrière, marqueurs de temps d&apos;arrêt), mots de passe
masqués. Ne se connecte à rien.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>0 printed, 2 invalid input.</source>
        <translation>0 affiché, 2 entrée invalide.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The inventory of the cluster to plan for.</source>
        <translation>L&apos;inventaire du cluster pour lequel établir le plan.</translation>
    </message>
    <message>
        <location filename="../../app/runbook/planwriter.cpp" line="+23"/>
        <source>Runbook: %1 (%2)</source>
        <translation>Runbook : %1 (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Inventory: cluster %1 (%2)</source>
        <translation>Inventaire : cluster %1 (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lossless rollback past points of no return: %1</source>
        <translation>Retour arrière sans perte au-delà des points de non-retour : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>declared</source>
        <translation>déclaré</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Phase %1: %2</source>
        <translation>Phase %1 : %2</translation>
    </message>
    <message>
        <location line="+34"/>
        <source> (not in inventory)</source>
        <translation> (absent de l&apos;inventaire)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nodes:</source>
        <translation>Nœuds :</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>role %1</source>
        <translation>rôle %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, version %1</source>
        <translation>, version %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, shell as %1</source>
        <translation>, shell en tant que %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>conninfo: %1</source>
        <translation>conninfo : %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Endpoints:</source>
        <translation>Points d&apos;accès :</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>, routes to %1</source>
        <translation>, route vers %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>pgbouncer config %1 @ %2, database %3</source>
        <translation>configuration pgbouncer %1 @ %2, base %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 in %2 on %3</source>
        <translation>%1 dans %2 sur %3</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Vars:</source>
        <translation>Variables :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(not set)</source>
        <translation>(non définie)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>  (inventory)</source>
        <translation>  (inventaire)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>  (runbook default)</source>
        <translation>  (valeur par défaut du runbook)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(cannot render: %1)</source>
        <translation>(rendu impossible : %1)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>check on %1, fails if it returns rows:</source>
        <translation>contrôle sur %1, échoue s&apos;il renvoie des lignes :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>check on %1, fails unless it returns true:</source>
        <translation>contrôle sur %1, échoue s&apos;il ne renvoie pas vrai :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sql on %1:</source>
        <translation>sql sur %1 :</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>shell on %1:</source>
        <translation>shell sur %1 :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>manual gate, the operator confirms:</source>
        <translation>point de contrôle manuel, l&apos;opérateur confirme :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>wait until %1 on %2, every %3</source>
        <translation>attendre que %1 sur %2, toutes les %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the query returns true</source>
        <translation>la requête renvoie vrai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the command exits 0</source>
        <translation>la commande sorte avec 0</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, give up after %1</source>
        <translation>, abandon après %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+23"/>
        <source>progress:</source>
        <translation>progression :</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>switch endpoint %1%2 to %3</source>
        <translation>rediriger le point d&apos;accès %1%2 vers %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>batch on %1: repeat until it affects 0 rows</source>
        <translation>lot sur %1 : répéter jusqu&apos;à ce qu&apos;il touche 0 ligne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, pause %1</source>
        <translation>, pause %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, at most %1 times</source>
        <translation>, au plus %1 fois</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>expected %1</source>
        <translation>prévu %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>timeout %1</source>
        <translation>délai maximal %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>retries %1 (%2 apart%3)</source>
        <translation>%1 tentatives (espacées de %2%3)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, idempotent</source>
        <translation>, idempotente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lock_timeout %1</source>
        <translation>lock_timeout %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>statement_timeout %1</source>
        <translation>statement_timeout %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>session %1 = %2</source>
        <translation>session %1 = %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>when: %1 (skipped unless true)</source>
        <translation>when : %1 (sautée sauf si vrai)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>when (asked of %1 when the step&apos;s turn comes; skipped unless its first value is true):</source>
        <translation>when (demandé à %1 quand vient le tour de l&apos;étape ; sautée sauf si sa première valeur est vraie) :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>repeated for each row of this query on %1 (the rows are known only when the step runs; each row&apos;s columns as item.COLUMN):</source>
        <translation>répétée pour chaque ligne de cette requête sur %1 (les lignes ne sont connues qu&apos;à l&apos;exécution de l&apos;étape ; les colonnes de chaque ligne en item.COLONNE) :</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>every column of the first row</source>
        <translation>toutes les colonnes de la première ligne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (secret)</source>
        <translation>%1 (secret)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>captures: %1 (as steps.%2.NAME)</source>
        <translation>capture : %1 (comme steps.%2.NOM)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>downtime: %1</source>
        <translation>temps d&apos;arrêt : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rollback (once per completed iteration, the last one first, with its row):</source>
        <translation>rollback (une fois par itération terminée, la dernière d&apos;abord, avec sa ligne) :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rollback:</source>
        <translation>retour arrière :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>rollback: switch %1 back to the node it routed to before this step (built in)</source>
        <translation>retour arrière : rediriger %1 vers le nœud vers lequel il routait avant cette étape (intégré)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>rollback: none</source>
        <translation>retour arrière : aucun</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>on failure: the whole run rolls back at once</source>
        <translation>en cas d&apos;échec : toute l&apos;exécution revient immédiatement en arrière</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>*** POINT OF NO RETURN: rolling back past here %1 ***</source>
        <translation>*** POINT DE NON-RETOUR : revenir en arrière au-delà de ce point %1 ***</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>uses the declared lossless path</source>
        <translation>emprunte le chemin sans perte déclaré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is refused</source>
        <translation>est refusé</translation>
    </message>
</context>
<context>
    <name>run</name>
    <message>
        <location filename="../../app/cli/exportcommand.cpp" line="-65"/>
        <location filename="../../app/cli/runcommand.cpp" line="+108"/>
        <source>which run? (a run id or &quot;last&quot;)</source>
        <translation>quelle exécution ? (un identifiant d&apos;exécution ou &quot;last&quot;)</translation>
    </message>
    <message>
        <location filename="../../app/cli/runcommand.cpp" line="-239"/>
        <source>run %1: %2 on %3</source>
        <translation>exécution %1 : %2 sur %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> on %1</source>
        <translation> sur %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, expected %1</source>
        <translation>, prévu %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>[%1/%2] %3 %4 after %5%6</source>
        <translation>[%1/%2] %3 %4 après %5%6</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>    MANUAL %1: %2</source>
        <translation>    MANUEL %1 : %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>    downtime: %1 unavailable from here</source>
        <translation>    temps d&apos;arrêt : %1 indisponible à partir d&apos;ici</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>    downtime: %1 available again</source>
        <translation>    temps d&apos;arrêt : %1 de nouveau disponible</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>    probe: %1 FAILING: %2</source>
        <translation>    sonde : %1 EN ÉCHEC : %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>    probe: %1 working again</source>
        <translation>    sonde : %1 fonctionne de nouveau</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>rollback refused: %1</source>
        <translation>retour arrière refusé : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>rolling back:</source>
        <translation>retour arrière en cours :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>[rollback %1] %2</source>
        <translation>[retour arrière %1] %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>[rollback %1] %2 after %3%4</source>
        <translation>[retour arrière %1] %2 après %3%4</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>refused: %1</source>
        <translation>refusé : %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>run %1 %2: %3</source>
        <translation>exécution %1 %2 : %3</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>terminal hung up (SIGHUP)</source>
        <translation>terminal raccroché (SIGHUP)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>output closed (SIGPIPE)</source>
        <translation>sortie fermée (SIGPIPE)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>: the run goes on; its output is in the journal only (Ctrl-C or SIGTERM cancels it)</source>
        <translation> : l&apos;exécution continue ; sa sortie ne va plus qu&apos;au journal (Ctrl-C ou SIGTERM l&apos;annule)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>signal received: cancelling the running step</source>
        <translation>signal reçu : annulation de l&apos;étape en cours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>second signal: killing the step&apos;s processes now</source>
        <translation>second signal : arrêt immédiat des processus de l&apos;étape</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>production run refused: --confirm-cluster says &apos;%1&apos;, the inventory&apos;s cluster is &apos;%2&apos;</source>
        <translation>exécution en production refusée : --confirm-cluster indique &apos;%1&apos;, le cluster de l&apos;inventaire est &apos;%2&apos;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>production run refused: type the cluster&apos;s name to confirm (interactive), or pass --confirm-cluster %1</source>
        <translation>exécution en production refusée : tapez le nom du cluster pour confirmer (en interactif), ou passez --confirm-cluster %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is a PRODUCTION run on cluster &apos;%1&apos;. Type the cluster&apos;s name to start: </source>
        <translation>Ceci est une exécution en PRODUCTION sur le cluster &apos;%1&apos;. Tapez le nom du cluster pour démarrer : </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>production run refused: the name typed does not match</source>
        <translation>exécution en production refusée : le nom tapé ne correspond pas</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pass manual gates without waiting (each is journaled as confirmed by --yes).</source>
        <translation>Franchir les points de contrôle manuels sans attendre (chacun est journalisé comme confirmé par --yes).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the rollback plan when a step fails.</source>
        <translation>Exécuter le plan de retour arrière quand une étape échoue.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>0 completed, 1 failed, stopped or cancelled, 2 invalid input (nothing ran), 3 rolled back.</source>
        <translation>0 terminée, 1 échouée, arrêtée ou annulée, 2 entrée invalide (rien n&apos;a été exécuté), 3 retour arrière effectué.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Runs a runbook on the inventory&apos;s cluster, journaling every step. Progress goes to stderr in
plain lines, the run id to stdout.</source>
        <translation>Exécute un runbook sur le cluster de l&apos;inventaire en journalisant chaque étape. La progression va
sur stderr en lignes simples, l&apos;identifiant de l&apos;exécution sur stdout.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The inventory of the cluster.</source>
        <translation>L&apos;inventaire du cluster.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rehearsal (default) or production.</source>
        <translation>rehearsal (répétition, par défaut) ou production.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The cluster&apos;s name, confirming a production run.</source>
        <translation>Le nom du cluster, qui confirme une exécution en production.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>hold or refuse: how clients live through the write window, for this run (default: the runbook&apos;s cutover:).</source>
        <translation>hold ou refuse : comment les clients traversent la fenêtre d&apos;écriture, pour cette exécution (par défaut : le cutover: du runbook).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--label is rehearsal or production, not &apos;%1&apos;</source>
        <translation>--label vaut rehearsal ou production, pas &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>--cutover is hold or refuse, not &apos;%1&apos;</source>
        <translation>--cutover vaut hold ou refuse, pas &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>run: this runbook has manual gates (%1) and nobody is here to confirm them: pass --yes to pass them unattended, or open it in the console</source>
        <translation>run : ce runbook a des points de contrôle manuels (%1) et personne n&apos;est là pour les confirmer : passez --yes pour les franchir sans surveillance, ou ouvrez-le dans la console</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Goes on with a journaled run after its last completed step (RUN: a run id, a unique prefix
of one, or &quot;last&quot;). An interrupted step is never run again unless told to.</source>
        <translation>Poursuit une exécution journalisée après sa dernière étape terminée (RUN : un identifiant
d&apos;exécution, un préfixe unique de celui-ci, ou &quot;last&quot;). Une étape interrompue n&apos;est jamais
relancée sans qu&apos;on le demande.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rolls a journaled run back (RUN: a run id, a unique prefix of one, or &quot;last&quot;): each step&apos;s
rollback, newest first; refused past a point of no return unless the runbook is lossless.</source>
        <translation>Ramène en arrière une exécution journalisée (RUN : un identifiant d&apos;exécution, un préfixe unique
de celui-ci, ou &quot;last&quot;) : le retour arrière de chaque étape, de la plus récente à la plus ancienne ;
refusé au-delà d&apos;un point de non-retour sauf si le runbook est sans perte.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run the interrupted step again.</source>
        <translation>Relancer l&apos;étape interrompue.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Treat the interrupted step as done and go on after it.</source>
        <translation>Considérer l&apos;étape interrompue comme faite et continuer après elle.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go on although the runbook or inventory file changed since the run.</source>
        <translation>Continuer bien que le fichier du runbook ou de l&apos;inventaire ait changé depuis l&apos;exécution.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>one run at a time</source>
        <translation>une exécution à la fois</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>choose one of --rerun-interrupted and --skip-interrupted</source>
        <translation>choisissez entre --rerun-interrupted et --skip-interrupted</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>runbook</source>
        <translation>runbook</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inventory</source>
        <translation>inventaire</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: the %2 of run %3 (%4) cannot be read</source>
        <translation>%1 : le fichier %2 de l&apos;exécution %3 (%4) est illisible</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the %2 %3 changed since run %4 started; check the change, then pass --force to go on with it</source>
        <translation>%1 : le fichier %2 %3 a changé depuis le début de l&apos;exécution %4 ; vérifiez le changement, puis passez --force pour continuer avec</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>resume: this runbook has manual gates (%1): pass --yes to pass them unattended, or open it in the console</source>
        <translation>resume : ce runbook a des points de contrôle manuels (%1) : passez --yes pour les franchir sans surveillance, ou ouvrez-le dans la console</translation>
    </message>
</context>
<context>
    <name>runs</name>
    <message>
        <location filename="../../app/cli/runscommand.cpp" line="-3"/>
        <source>Lists the journaled runs, newest first. Opens the journal read-only.</source>
        <translation>Liste les exécutions journalisées, de la plus récente à la plus ancienne. Ouvre le journal en lecture seule.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0 listed, 1 the journal could not be read, 2 invalid input.</source>
        <translation>0 listé, 1 le journal n&apos;a pas pu être lu, 2 entrée invalide.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show at most N runs.</source>
        <translation>Afficher au plus N exécutions.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print only the run ids, one per line (for scripts and completion).</source>
        <translation>N&apos;afficher que les identifiants d&apos;exécution, un par ligne (pour les scripts et la complétion).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>unexpected argument %1</source>
        <translation>argument inattendu %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>--limit takes a positive number</source>
        <translation>--limit attend un nombre positif</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>no runs yet (no journal at %1)</source>
        <translation>aucune exécution pour l&apos;instant (pas de journal dans %1)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>no runs yet in %1</source>
        <translation>aucune exécution pour l&apos;instant dans %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>RUN</source>
        <translation>EXÉCUTION</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>LABEL</source>
        <translation>ÉTIQUETTE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RUNBOOK</source>
        <translation>RUNBOOK</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CLUSTER</source>
        <translation>CLUSTER</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>STARTED (UTC)</source>
        <translation>DÉBUT (UTC)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>DURATION</source>
        <translation>DURÉE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>OUTCOME</source>
        <translation>RÉSULTAT</translation>
    </message>
</context>
<context>
    <name>sandbox</name>
    <message>
        <location filename="../../app/cli/sandboxcommand.cpp" line="+15"/>
        <source>Builds (up), inspects (status) or removes (down) a local sandbox cluster: a primary, two replicas
and PgBouncer on loopback ports, seeded with data. `up` prints the inventory&apos;s path on stdout.</source>
        <translation>Construit (up), inspecte (status) ou supprime (down) un cluster bac à sable local : un primaire,
deux réplicas et PgBouncer sur des ports loopback, avec des données. `up` affiche le chemin de
l&apos;inventaire sur stdout.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0 done (status: every server up), 1 failed (status: something down), 2 invalid input.</source>
        <translation>0 fait (status : tous les serveurs répondent), 1 échec (status : quelque chose est arrêté), 2 entrée invalide.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sandbox directory (default %1).</source>
        <translation>Répertoire du bac à sable (par défaut %1).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Build db1..db3 from this PostgreSQL bindir (another major).</source>
        <translation>Construire db1..db3 avec ce bindir PostgreSQL (une autre version majeure).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The new-version bindir (default: newest in /usr/lib/postgresql).</source>
        <translation>Le bindir de la nouvelle version (par défaut : la plus récente dans /usr/lib/postgresql).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also start a private loopback sshd; shell steps go over SSH.</source>
        <translation>Démarrer aussi un sshd privé en loopback ; les étapes shell passent par SSH.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put every node on a host of its own (network namespace, address, sshd, /etc/hosts), with two application hosts resolving the database&apos;s names; needs root.</source>
        <translation>Placer chaque nœud sur un hôte à lui (espace de noms réseau, adresse, sshd, /etc/hosts), avec deux hôtes applicatifs qui résolvent les noms de la base ; exige root.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Multiply the seeded row counts (default 1).</source>
        <translation>Multiplier le nombre de lignes générées (par défaut 1).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SCRAM password authentication on TCP logins; the password from RBC_SANDBOX_PASSWORD or standard input.</source>
        <translation>Authentification SCRAM par mot de passe pour les connexions TCP ; le mot de passe vient de RBC_SANDBOX_PASSWORD ou de l&apos;entrée standard.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>say up, down or status</source>
        <translation>indiquez up, down ou status</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>--scale takes a number between 0 and 100</source>
        <translation>--scale attend un nombre entre 0 et 100</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Password for the sandbox&apos;s rbc_dba and app: </source>
        <translation>Mot de passe pour rbc_dba et app du bac à sable : </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--password-auth needs a password (RBC_SANDBOX_PASSWORD or standard input)</source>
        <translation>--password-auth a besoin d&apos;un mot de passe (RBC_SANDBOX_PASSWORD ou entrée standard)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>sandbox up failed: %1</source>
        <translation>échec de sandbox up : %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>sandbox down: %1</source>
        <translation>sandbox down : %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no sandbox in %1</source>
        <translation>pas de bac à sable dans %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+23"/>
        <source>  %1 %2 port %3</source>
        <translation>  %1 %2 port %3</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>  lag %1 bytes, %2</source>
        <translation>  retard %1 octets, %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>  host %1 %2 %3 (network namespace %4)</source>
        <translation>  hôte %1 %2 %3 (espace de noms réseau %4)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>  reach the hosts from the console&apos;s host: ip netns exec %1 runbook-console ...</source>
        <translation>  joindre les hôtes depuis l&apos;hôte de la console : ip netns exec %1 runbook-console ...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>  %1 %2 port %3  routes app to %4</source>
        <translation>  %1 %2 port %3  route app vers %4</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <location filename="../../app/cli/statuscommand.cpp" line="-134"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1  %2 UTC  poll %3%4
</source>
        <translation>%1  %2 UTC  interrogation %3%4
</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cluster</source>
        <translation>cluster</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (some nodes still answering)</source>
        <translation> (certains nœuds n&apos;ont pas encore répondu)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NODE</source>
        <translation>NŒUD</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>STATE</source>
        <translation>ÉTAT</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ROLE</source>
        <translation>RÔLE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VERSION</source>
        <translation>VERSION</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>READ-ONLY</source>
        <translation>LECTURE SEULE</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>TIMELINE</source>
        <translation>TIMELINE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CONNECTIONS</source>
        <translation>CONNEXIONS</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ADDRESS</source>
        <translation>ADRESSE</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>
REPLICATION
</source>
        <translation>
RÉPLICATION
</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>down (the inventory says it replicates from %1)</source>
        <translation>arrêté (d&apos;après l&apos;inventaire, il réplique depuis %1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+27"/>
        <source>lag </source>
        <translation>retard </translation>
    </message>
    <message>
        <location line="-26"/>
        <source>slot </source>
        <translation>slot </translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+21"/>
        <source>subscription </source>
        <translation>abonnement </translation>
    </message>
    <message>
        <location line="-16"/>
        <source>
SLOTS
</source>
        <translation>
SLOTS
</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>active</source>
        <translation>actif</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>inactive</source>
        <translation>inactif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retains </source>
        <translation>retient </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>
LOGICAL REPLICATION
</source>
        <translation>
RÉPLICATION LOGIQUE
</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>publication </source>
        <translation>publication </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all tables</source>
        <translation>toutes les tables</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 tables</source>
        <translation>%1 tables</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>from </source>
        <translation>depuis </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>enabled</source>
        <translation>activé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>disabled</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tables %1/%2 ready</source>
        <translation>tables %1/%2 prêtes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>
ENDPOINTS
</source>
        <translation>
POINTS D&apos;ACCÈS
</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not checked yet</source>
        <translation>pas encore vérifié</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UNREACHABLE</source>
        <translation>INJOIGNABLE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PAUSED, %1 clients waiting</source>
        <translation>EN PAUSE, %1 clients en attente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 active, %2 waiting</source>
        <translation>%1 actifs, %2 en attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SPLIT between nodes</source>
        <translation>PARTAGÉ entre plusieurs nœuds</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>
PROBLEMS
  </source>
        <translation>
PROBLÈMES
  </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Polls every node and endpoint of the inventory once (or every SECONDS with --watch, default 1) and
prints what each node is, what replicates to what, slots, subscriptions and where clients go.</source>
        <translation>Interroge une fois chaque nœud et chaque point d&apos;accès de l&apos;inventaire (ou toutes les SECONDS
secondes avec --watch, 1 par défaut) et affiche ce qu&apos;est chaque nœud, qui réplique vers qui, les
slots, les abonnements et où vont les clients.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0 everything answered, 1 a node or endpoint did not, 2 invalid input.</source>
        <translation>0 tout a répondu, 1 un nœud ou un point d&apos;accès n&apos;a pas répondu, 2 entrée invalide.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The inventory of the cluster.</source>
        <translation>L&apos;inventaire du cluster.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print JSON (docs/status-json.md).</source>
        <translation>Afficher du JSON (docs/status-json.md).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Poll again every SECONDS (default 1) until interrupted.</source>
        <translation>Interroger de nouveau toutes les SECONDS secondes (1 par défaut) jusqu&apos;à interruption.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>--watch takes a number of seconds between 0.1 and 3600</source>
        <translation>--watch attend un nombre de secondes entre 0.1 et 3600</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>unexpected argument %1</source>
        <translation>argument inattendu %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>status: %1 is not an inventory</source>
        <translation>status : %1 n&apos;est pas un inventaire</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>status: no answer from the probe within 60 s</source>
        <translation>status : pas de réponse de la sonde en 60 s</translation>
    </message>
</context>
<context>
    <name>validate</name>
    <message>
        <location filename="../../app/cli/validatecommand.cpp" line="+37"/>
        <source>Checks runbook and inventory files. Prints &apos;FILE: ok (runbook|inventory|library)&apos; on stdout for each
valid file (a library holds templates that runbooks include) and &apos;file:line:col: message&apos; on stderr
for each problem. A runbook not found as given is looked up in the runbook search path (see the man
page).</source>
        <translation>Vérifie des fichiers de runbook et d&apos;inventaire. Affiche &apos;FILE: ok (runbook|inventory|library)&apos; sur
stdout pour chaque fichier valide (une bibliothèque contient des modèles que des runbooks incluent) et
&apos;fichier:ligne:colonne: message&apos; sur stderr pour chaque problème. Un runbook introuvable tel quel
est cherché dans le chemin de recherche des runbooks (voir la page de manuel).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>0 every file is valid, 2 a problem was found or the arguments are wrong.</source>
        <translation>0 tous les fichiers sont valides, 2 un problème a été trouvé ou les arguments sont erronés.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also check that each runbook can run on this inventory.</source>
        <translation>Vérifier aussi que chaque runbook peut s&apos;exécuter sur cet inventaire.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no file given</source>
        <translation>aucun fichier donné</translation>
    </message>
</context>
</TS>
