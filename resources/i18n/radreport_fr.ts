<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA">
<context>
    <name>FieldRow</name>
    <message>
        <location filename="../../radreport/qt/form.py" line="792"/>
        <source>Invalid: {reason}</source>
        <translation>Invalide : {reason}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../radreport/qt/login_dialog.py" line="22"/>
        <source>Sign in</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/login_dialog.py" line="27"/>
        <source>&amp;User name:</source>
        <translation>&amp;Nom d&apos;utilisateur :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/login_dialog.py" line="28"/>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/login_dialog.py" line="44"/>
        <source>Unknown user name or wrong password.</source>
        <translation>Nom d&apos;utilisateur inconnu ou mot de passe erroné.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="238"/>
        <source>Patient / study</source>
        <translation>Patient / examen</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="267"/>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="276"/>
        <source>Open a DICOM folder, DICOMDIR or zip (File menu or drop it here).</source>
        <translation>Ouvrez un dossier DICOM, un DICOMDIR ou un zip (menu Fichier, ou déposez-le ici).</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="252"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="243"/>
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="244"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="245"/>
        <source>Plane</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="246"/>
        <source>Sequence</source>
        <translation>Séquence</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="247"/>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="248"/>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="249"/>
        <source>Thickness</source>
        <translation>Épaisseur</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="253"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="254"/>
        <source>Open &amp;folder...</source>
        <translation>Ouvrir un &amp;dossier...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="255"/>
        <source>Open DICOMDIR, &amp;zip or files...</source>
        <translation>Ouvrir un DICOMDIR, un &amp;zip ou des fichiers...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="257"/>
        <source>&amp;New report for this study</source>
        <translation>&amp;Nouveau rapport pour cet examen</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="259"/>
        <source>Sign &amp;in...</source>
        <translation>Se &amp;connecter...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="261"/>
        <source>Signed in as {name}</source>
        <translation>Connecté : {name}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="263"/>
        <source>Studies</source>
        <translation>Examens</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="238"/>
        <location filename="../../radreport/qt/main_window.py" line="265"/>
        <location filename="../../radreport/qt/main_window.py" line="640"/>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="256"/>
        <source>Open &amp;recent</source>
        <translation>Ouvrir un élément &amp;récent</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="268"/>
        <source>&amp;Settings...</source>
        <translation>&amp;Paramètres...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="269"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="270"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="271"/>
        <source>&amp;About RadReport</source>
        <translation>À &amp;propos de RadReport</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="288"/>
        <source>axial</source>
        <translation>axial</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="289"/>
        <source>sagittal</source>
        <translation>sagittal</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="290"/>
        <source>coronal</source>
        <translation>coronal</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="291"/>
        <source>oblique</source>
        <translation>oblique</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="292"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="293"/>
        <source>brain</source>
        <translation>encéphale</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="294"/>
        <source>cervical</source>
        <translation>cervical</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="295"/>
        <source>thoracic</source>
        <translation>dorsal</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="296"/>
        <source>lumbar</source>
        <translation>lombaire</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="297"/>
        <source>other</source>
        <translation>autre</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="298"/>
        <source>T1 post-contrast</source>
        <translation>T1 après injection</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="299"/>
        <source>localizer</source>
        <translation>repérage</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="348"/>
        <source>Open a DICOM folder</source>
        <translation>Ouvrir un dossier DICOM</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="356"/>
        <source>Open DICOMDIR, zip or DICOM files</source>
        <translation>Ouvrir un DICOMDIR, un zip ou des fichiers DICOM</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="356"/>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="378"/>
        <source>The recent list could not be saved: {error}</source>
        <translation>La liste des éléments récents n&apos;a pas pu être enregistrée : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="393"/>
        <source>(nothing opened yet)</source>
        <translation>(rien d&apos;ouvert pour l&apos;instant)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="401"/>
        <source>About RadReport</source>
        <translation>À propos de RadReport</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="424"/>
        <source>Reading DICOM headers...</source>
        <translation>Lecture des en-têtes DICOM...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="481"/>
        <source>No DICOM study found.</source>
        <translation>Aucun examen DICOM trouvé.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="484"/>
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="484"/>
        <source>done</source>
        <translation>terminée</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="486"/>
        <source>Scan {state}: {n} studies, {e} problem files, {t:.1f} s</source>
        <translation>Lecture {state} : {n} examen(s), {e} fichier(s) problématique(s), {t:.1f} s</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="523"/>
        <source>Problem files: {n}</source>
        <translation>Fichiers problématiques : {n}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="552"/>
        <source>The report database cannot be opened: {error}</source>
        <translation>La base de données des rapports ne peut pas être ouverte : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="611"/>
        <source>Opening report {id}...</source>
        <translation>Ouverture du rapport {id}...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="619"/>
        <source>The report cannot be opened: {error}</source>
        <translation>Le rapport ne peut pas être ouvert : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="664"/>
        <source>Acc.</source>
        <translation>N° d&apos;accès</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="664"/>
        <source>Referring: {name}</source>
        <translation>Médecin demandeur&#xa0;: {name}</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="116"/>
        <source>Previous page (Page Up)</source>
        <translation>Page précédente (Page préc.)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="117"/>
        <source>Next page (Page Down)</source>
        <translation>Page suivante (Page suiv.)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="121"/>
        <source>Page</source>
        <translation>Page</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="124"/>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Zoom arrière (Ctrl+-)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="125"/>
        <source>Zoom in (Ctrl++)</source>
        <translation>Zoom avant (Ctrl++)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="127"/>
        <source>Fit width</source>
        <translation>Pleine largeur</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="127"/>
        <source>Fit the page width</source>
        <translation>Ajuster à la largeur de la page</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="148"/>
        <source>No PDF to show.</source>
        <translation>Aucun PDF à afficher.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="171"/>
        <source>This PDF cannot be shown: the file is damaged or is not a PDF ({error}).</source>
        <translation>Ce PDF ne peut pas être affiché : le fichier est endommagé ou n&apos;est pas un PDF ({error}).</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="181"/>
        <source>of {pages}</source>
        <translation>sur {pages}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="198"/>
        <source>Preparing the PDF preview…</source>
        <translation>Préparation de l&apos;aperçu PDF…</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="266"/>
        <source>The PDF could not be prepared: {error}</source>
        <translation>Le PDF n&apos;a pas pu être préparé : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="292"/>
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../radreport/qt/pdf_preview.py" line="301"/>
        <source>PDF preview</source>
        <translation>Aperçu PDF</translation>
    </message>
</context>
<context>
    <name>ReportStatus</name>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="65"/>
        <source>draft</source>
        <translation>brouillon</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="66"/>
        <source>preliminary</source>
        <translation>préliminaire</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="67"/>
        <source>final</source>
        <translation>final</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="68"/>
        <source>amended</source>
        <translation>modifié par addenda</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="69"/>
        <source>discarded</source>
        <translation>abandonné</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="116"/>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="130"/>
        <source>EN</source>
        <translation>EN</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="130"/>
        <source>Report in English</source>
        <translation>Rapport en anglais</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="131"/>
        <source>FR</source>
        <translation>FR</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="131"/>
        <source>Report in French</source>
        <translation>Rapport en français</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="149"/>
        <source>The report text appears here as you fill the form.</source>
        <translation>Le texte du rapport apparaît ici à mesure que vous remplissez le formulaire.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="409"/>
        <source>Edited by hand</source>
        <translation>Modifié à la main</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="414"/>
        <source>The form changed since: review the new text below.</source>
        <translation>Le formulaire a changé depuis : vérifiez le nouveau texte ci-dessous.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="418"/>
        <location filename="../../radreport/qt/report_view.py" line="646"/>
        <source>Replace with generated text</source>
        <translation>Remplacer par le texte généré</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="419"/>
        <location filename="../../radreport/qt/report_view.py" line="648"/>
        <source>Keep my text</source>
        <translation>Garder mon texte</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="421"/>
        <source>Revert to generated text</source>
        <translation>Revenir au texte généré</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="471"/>
        <source>Generated text now:</source>
        <translation>Texte généré maintenant :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="475"/>
        <source>(section no longer generated)</source>
        <translation>(section qui n&apos;est plus générée)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="529"/>
        <source>1 section edited by hand</source>
        <translation>1 section modifiée à la main</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="531"/>
        <source>{n} sections edited by hand</source>
        <translation>{n} sections modifiées à la main</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_view.py" line="534"/>
        <source>{n} to review</source>
        <translation>{n} à vérifier</translation>
    </message>
</context>
<context>
    <name>ReportWorkspace</name>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="99"/>
        <source>&amp;Template:</source>
        <translation>&amp;Gabarit :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="105"/>
        <source>&amp;Save draft</source>
        <translation>&amp;Enregistrer le brouillon</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="107"/>
        <source>Save draft (Ctrl+S)</source>
        <translation>Enregistrer le brouillon (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="109"/>
        <source>Si&amp;gn...</source>
        <translation>Si&amp;gner...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="111"/>
        <source>Sign the report (Ctrl+Shift+S)</source>
        <translation>Signer le rapport (Ctrl+Maj+S)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="113"/>
        <source>&amp;Preview PDF</source>
        <translation>&amp;Aperçu PDF</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="115"/>
        <source>The PDF the referring physician will get (Ctrl+P)</source>
        <translation>Le PDF que recevra le médecin demandeur (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="124"/>
        <source>Not saved</source>
        <translation>Non enregistré</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="124"/>
        <source>Sign in to save and sign</source>
        <translation>Connectez-vous pour enregistrer et signer</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="286"/>
        <source>Not saved: {error}</source>
        <translation>Non enregistré : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="291"/>
        <source>Saved {time}</source>
        <translation>Enregistré à {time}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="303"/>
        <source>Autosave failed: {error}</source>
        <translation>L&apos;enregistrement automatique a échoué : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="308"/>
        <source>Autosaved {time}</source>
        <translation>Enregistré automatiquement à {time}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="342"/>
        <source>Report {id} reopened</source>
        <translation>Rapport {id} rouvert</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="344"/>
        <source>Unsaved work restored</source>
        <translation>Travail non enregistré restauré</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="362"/>
        <source>Choose your signing identity in File &gt; Settings</source>
        <translation>Choisissez votre identité de signature dans Fichier &gt; Paramètres</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="386"/>
        <source>Signing...</source>
        <translation>Signature en cours...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="399"/>
        <source>Not signed: {error}</source>
        <translation>Non signé : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/report_workspace.py" line="406"/>
        <source>Signed</source>
        <translation>Signé</translation>
    </message>
</context>
<context>
    <name>ReportsWorkspace</name>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="184"/>
        <source>Words, patient name or ID, accession number</source>
        <translation>Mots, nom ou ID du patient, numéro d&apos;accès</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="190"/>
        <source>&amp;Search</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="195"/>
        <source>To finish (draft, preliminary)</source>
        <translation>À terminer (brouillon, préliminaire)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="196"/>
        <source>Signed (final, amended)</source>
        <translation>Signés (final, modifié)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="197"/>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="212"/>
        <source>Any exam date</source>
        <translation>Toute date d&apos;examen</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="213"/>
        <source>Exams of today</source>
        <translation>Examens du jour</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="214"/>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="215"/>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="216"/>
        <source>Last 12 months</source>
        <translation>12 derniers mois</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="221"/>
        <source>&amp;Mine only</source>
        <translation>&amp;Les miens seulement</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="241"/>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="242"/>
        <source>Patient ID</source>
        <translation>ID patient</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="243"/>
        <source>Exam date</source>
        <translation>Date de l&apos;examen</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="244"/>
        <source>Accession</source>
        <translation>N° d&apos;accès</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="249"/>
        <source>Referring physician</source>
        <translation>Médecin demandeur</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="246"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="245"/>
        <source>Template</source>
        <translation>Gabarit</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="247"/>
        <source>Author</source>
        <translation>Auteur</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="248"/>
        <source>Updated</source>
        <translation>Modifié le</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="261"/>
        <source>&amp;Open for editing</source>
        <translation>&amp;Ouvrir pour modifier</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="262"/>
        <source>Go on writing this draft or preliminary (Enter)</source>
        <translation>Poursuivre ce brouillon ou ce préliminaire (Entrée)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="265"/>
        <source>Disc&amp;ard draft...</source>
        <translation>&amp;Abandonner le brouillon...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="267"/>
        <source>Discard a draft written by mistake (a reason is kept)</source>
        <translation>Abandonner un brouillon rédigé par erreur (la raison est conservée)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="271"/>
        <source>Add a signed add&amp;endum...</source>
        <translation>Ajouter un add&amp;enda signé...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="276"/>
        <source>Recipient (e.g. Dr Gagnon, neurology)</source>
        <translation>Destinataire (p. ex. Dr Gagnon, neurologie)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="280"/>
        <source>Record &amp;delivery</source>
        <translation>Consigner la &amp;livraison</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="282"/>
        <source>&amp;Export selected...</source>
        <translation>&amp;Exporter la sélection...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="284"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="355"/>
        <source>Search failed: {error}</source>
        <translation>La recherche a échoué : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="376"/>
        <source>{n} reports</source>
        <translation>{n} rapport(s)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="452"/>
        <source>Discard the draft</source>
        <translation>Abandonner le brouillon</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="453"/>
        <source>Why is this draft discarded? (kept in the audit trail)</source>
        <translation>Pourquoi ce brouillon est-il abandonné? (conservé dans la piste d&apos;audit)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="464"/>
        <source>Say why the draft is discarded.</source>
        <translation>Indiquez pourquoi le brouillon est abandonné.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="472"/>
        <source>Not discarded: {error}</source>
        <translation>Non abandonné : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="475"/>
        <source>Draft {id} discarded</source>
        <translation>Brouillon {id} abandonné</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="488"/>
        <source>Choose your signing identity in File &gt; Settings</source>
        <translation>Choisissez votre identité de signature dans Fichier &gt; Paramètres</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="512"/>
        <source>Signing the addendum...</source>
        <translation>Signature de l&apos;addenda...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="520"/>
        <source>Addendum not signed: {error}</source>
        <translation>Addenda non signé : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="524"/>
        <source>Addendum signed</source>
        <translation>Addenda signé</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="530"/>
        <source>Select reports and say to whom they were delivered.</source>
        <translation>Sélectionnez des rapports et indiquez à qui ils ont été livrés.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="537"/>
        <source>Delivery not recorded: {error}</source>
        <translation>Livraison non consignée : {error}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="540"/>
        <source>Delivery recorded: {n} report(s) to {to}</source>
        <translation>Livraison consignée : {n} rapport(s) à {to}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="545"/>
        <source>Export the PDFs to</source>
        <translation>Exporter les PDF vers</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="578"/>
        <source>Export cancelled: {n} of {total} PDF(s) exported, {f} failed</source>
        <translation>Exportation annulée : {n} PDF exporté(s) sur {total}, {f} en échec</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/reports_workspace.py" line="584"/>
        <source>Exported {n} PDF(s), {f} failed</source>
        <translation>{n} PDF exporté(s), {f} en échec</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="26"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="36"/>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="36"/>
        <source>Dark (reading room)</source>
        <translation>Sombre (salle de lecture)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="39"/>
        <source>Letterhead file</source>
        <translation>Fichier d&apos;en-tête</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="40"/>
        <source>Signing identity</source>
        <translation>Identité de signature</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="42"/>
        <source>none: signatures without a trusted time stamp</source>
        <translation>aucune : signatures sans horodatage de confiance</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="44"/>
        <source>empty: this workstation&apos;s own database</source>
        <translation>vide : la base de données de ce poste</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="45"/>
        <source>Interface language</source>
        <translation>Langue de l&apos;interface</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="46"/>
        <source>Default report language</source>
        <translation>Langue des rapports par défaut</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="47"/>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="48"/>
        <source>Letterhead (PDF)</source>
        <translation>En-tête (PDF)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="49"/>
        <source>Signing identity (.p12)</source>
        <translation>Identité de signature (.p12)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="50"/>
        <source>Time-stamp authority URL</source>
        <translation>URL de l&apos;autorité d&apos;horodatage</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="51"/>
        <source>Database URL</source>
        <translation>URL de la base de données</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="54"/>
        <source>Some saved settings were invalid and were reset:</source>
        <translation>Certains paramètres enregistrés étaient invalides et ont été réinitialisés :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="84"/>
        <source>Browse...</source>
        <translation>Parcourir...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="114"/>
        <source>The settings could not be saved: {error}</source>
        <translation>Les paramètres n&apos;ont pas pu être enregistrés : {error}</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="86"/>
        <source>Sign the report</source>
        <translation>Signer le rapport</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="86"/>
        <source>Sign an addendum</source>
        <translation>Signer un addenda</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="102"/>
        <source>By signing, you confirm that you reviewed this report and that it is final. The following will be recorded with the signature:</source>
        <translation>En signant, vous confirmez avoir révisé ce rapport et qu&apos;il est final. Ceci sera enregistré avec la signature :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="106"/>
        <source>By signing, you confirm that you reviewed this report. It becomes a preliminary report, to be reviewed and signed by a radiologist. The following will be recorded with the signature:</source>
        <translation>En signant, vous confirmez avoir révisé ce rapport. Il devient un rapport préliminaire, à réviser et à signer par un radiologiste. Ceci sera enregistré avec la signature :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="111"/>
        <source>The signed report never changes: the addendum is appended to it, signed, and sent with it from now on. The following will be recorded with the signature:</source>
        <translation>Le rapport signé ne change jamais : l&apos;addenda y est ajouté, signé, et l&apos;accompagne désormais. Ceci sera enregistré avec la signature :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="121"/>
        <source>Text of the addendum</source>
        <translation>Texte de l&apos;addenda</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="131"/>
        <source>Signer:</source>
        <translation>Signataire :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="132"/>
        <source>Meaning:</source>
        <translation>Signification :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="133"/>
        <source>Date and time:</source>
        <translation>Date et heure :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="137"/>
        <source>Your RadReport password</source>
        <translation>Votre mot de passe RadReport</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="140"/>
        <source>Passphrase of your signing key</source>
        <translation>Phrase de passe de votre clé de signature</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="145"/>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="146"/>
        <source>Key pass&amp;phrase:</source>
        <translation>&amp;Phrase de passe de la clé :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="153"/>
        <source>Signing is blocked until these errors are corrected:</source>
        <translation>La signature est bloquée tant que ces erreurs ne sont pas corrigées :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="160"/>
        <source>&amp;Sign</source>
        <translation>&amp;Signer</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="162"/>
        <source>Preview P&amp;DF</source>
        <translation>Aperçu P&amp;DF</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="265"/>
        <source>Correct the errors listed first.</source>
        <translation>Corrigez d&apos;abord les erreurs indiquées.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="267"/>
        <source>Type the addendum first.</source>
        <translation>Saisissez d&apos;abord l&apos;addenda.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="269"/>
        <source>Enter your password and key passphrase.</source>
        <translation>Entrez votre mot de passe et la phrase de passe de la clé.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/sign_dialog.py" line="278"/>
        <source>PDF preview before signing</source>
        <translation>Aperçu PDF avant la signature</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <location filename="../../radreport/qt/form.py" line="975"/>
        <source>All normal</source>
        <translation>Tout normal</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="978"/>
        <source>Fill the template&apos;s normal answers ({key})</source>
        <translation>Remplir les réponses normales du gabarit ({key})</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="1122"/>
        <source>Examination</source>
        <translation>Examen</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="1122"/>
        <source>Other findings</source>
        <translation>Autres constatations</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="1126"/>
        <source>Ctrl+Down / Ctrl+Up: next / previous section</source>
        <translation>Ctrl+Bas / Ctrl+Haut : section suivante / précédente</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="1132"/>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="1135"/>
        <source>Fill this section&apos;s normal answers ({key})</source>
        <translation>Remplir les réponses normales de cette section ({key})</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="1137"/>
        <source>Normal: {section}</source>
        <translation>Normal : {section}</translation>
    </message>
</context>
<context>
    <name>WarningsPane</name>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="101"/>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="102"/>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="103"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="112"/>
        <source>fields: {fields}</source>
        <translation>champs : {fields}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="119"/>
        <source>1 error</source>
        <translation>1 erreur</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="119"/>
        <source>{n} errors</source>
        <translation>{n} erreurs</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="122"/>
        <source>1 warning</source>
        <translation>1 avertissement</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="122"/>
        <source>{n} warnings</source>
        <translation>{n} avertissements</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="125"/>
        <source>1 note</source>
        <translation>1 note</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="125"/>
        <source>{n} notes</source>
        <translation>{n} notes</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/warnings_pane.py" line="126"/>
        <source>No warnings</source>
        <translation>Aucun avertissement</translation>
    </message>
</context>
<context>
    <name>_ButtonChoice</name>
    <message>
        <location filename="../../radreport/qt/form.py" line="198"/>
        <source>Key: {keys}</source>
        <translation>Touche : {keys}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="231"/>
        <source>unanswered</source>
        <translation>sans réponse</translation>
    </message>
</context>
<context>
    <name>_Date</name>
    <message>
        <location filename="../../radreport/qt/form.py" line="614"/>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-JJ</translation>
    </message>
</context>
<context>
    <name>_Group</name>
    <message>
        <location filename="../../radreport/qt/form.py" line="836"/>
        <source>item</source>
        <translation>élément</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="837"/>
        <source>Add {item}</source>
        <translation>Ajouter : {item}</translation>
    </message>
</context>
<context>
    <name>_GroupItem</name>
    <message>
        <location filename="../../radreport/qt/form.py" line="810"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="811"/>
        <source>Remove this item</source>
        <translation>Retirer cet élément</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="812"/>
        <source>Remove {item}</source>
        <translation>Retirer : {item}</translation>
    </message>
</context>
<context>
    <name>_Level</name>
    <message>
        <location filename="../../radreport/qt/form.py" line="572"/>
        <source>to</source>
        <translation>à</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="573"/>
        <source>Upper level</source>
        <translation>Niveau supérieur</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/form.py" line="573"/>
        <source>Lower level</source>
        <translation>Niveau inférieur</translation>
    </message>
</context>
<context>
    <name>_Measurement</name>
    <message>
        <location filename="../../radreport/qt/form.py" line="493"/>
        <source>Diameter {n}</source>
        <translation>Diamètre {n}</translation>
    </message>
</context>
<context>
    <name>_MultiChoice</name>
    <message>
        <location filename="../../radreport/qt/form.py" line="395"/>
        <source>Key: {keys}</source>
        <translation>Touche : {keys}</translation>
    </message>
</context>
</TS>
