<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_CA">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="157" />
        <source>Patient / study</source>
        <translation>Patient / examen</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="182" />
        <source>Open a DICOM folder, DICOMDIR or zip (File menu or drop it here).</source>
        <translation>Ouvrez un dossier DICOM, un DICOMDIR ou un zip (menu Fichier, ou déposez-le ici).</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="170" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="161" />
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="162" />
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="163" />
        <source>Plane</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="164" />
        <source>Sequence</source>
        <translation>Séquence</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="165" />
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="166" />
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="167" />
        <source>Thickness</source>
        <translation>Épaisseur</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="171" />
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="172" />
        <source>Open &amp;folder...</source>
        <translation>Ouvrir un &amp;dossier...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="173" />
        <source>Open DICOMDIR, &amp;zip or files...</source>
        <translation>Ouvrir un DICOMDIR, un &amp;zip ou des fichiers...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="174" />
        <source>&amp;Settings...</source>
        <translation>&amp;Paramètres...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="175" />
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="176" />
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="177" />
        <source>&amp;About RadReport</source>
        <translation>À &amp;propos de RadReport</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="194" />
        <source>axial</source>
        <translation>axial</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="195" />
        <source>sagittal</source>
        <translation>sagittal</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="196" />
        <source>coronal</source>
        <translation>coronal</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="197" />
        <source>oblique</source>
        <translation>oblique</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="198" />
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="199" />
        <source>brain</source>
        <translation>encéphale</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="200" />
        <source>cervical</source>
        <translation>cervical</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="201" />
        <source>thoracic</source>
        <translation>dorsal</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="202" />
        <source>lumbar</source>
        <translation>lombaire</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="203" />
        <source>other</source>
        <translation>autre</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="204" />
        <source>T1 post-contrast</source>
        <translation>T1 après injection</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="205" />
        <source>localizer</source>
        <translation>repérage</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="241" />
        <source>Open a DICOM folder</source>
        <translation>Ouvrir un dossier DICOM</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="247" />
        <source>Open DICOMDIR, zip or DICOM files</source>
        <translation>Ouvrir un DICOMDIR, un zip ou des fichiers DICOM</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="247" />
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="255" />
        <source>About RadReport</source>
        <translation>À propos de RadReport</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="278" />
        <source>Reading DICOM headers...</source>
        <translation>Lecture des en-têtes DICOM...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="329" />
        <source>No DICOM study found.</source>
        <translation>Aucun examen DICOM trouvé.</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="332" />
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="332" />
        <source>done</source>
        <translation>terminée</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="334" />
        <source>Scan {state}: {n} studies, {e} problem files, {t:.1f} s</source>
        <translation>Lecture {state} : {n} examen(s), {e} fichier(s) problématique(s), {t:.1f} s</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="344" />
        <source>Problem files: {n}</source>
        <translation>Fichiers problématiques : {n}</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="362" />
        <source>Acc.</source>
        <translation>N° d'accès</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/main_window.py" line="362" />
        <source>Referring: {name}</source>
        <translation>Médecin demandeur : {name}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="26" />
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="36" />
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="36" />
        <source>Dark (reading room)</source>
        <translation>Sombre (salle de lecture)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="39" />
        <source>Letterhead file</source>
        <translation>Fichier d'en-tête</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="40" />
        <source>Signing identity</source>
        <translation>Identité de signature</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="42" />
        <source>none: signatures without a trusted time stamp</source>
        <translation>aucune : signatures sans horodatage de confiance</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="44" />
        <source>empty: this workstation's own database</source>
        <translation>vide : la base de données de ce poste</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="45" />
        <source>Interface language</source>
        <translation>Langue de l'interface</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="46" />
        <source>Default report language</source>
        <translation>Langue des rapports par défaut</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="47" />
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="48" />
        <source>Letterhead (PDF)</source>
        <translation>En-tête (PDF)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="49" />
        <source>Signing identity (.p12)</source>
        <translation>Identité de signature (.p12)</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="50" />
        <source>Time-stamp authority URL</source>
        <translation>URL de l'autorité d'horodatage</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="51" />
        <source>Database URL</source>
        <translation>URL de la base de données</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="54" />
        <source>Some saved settings were invalid and were reset:</source>
        <translation>Certains paramètres enregistrés étaient invalides et ont été réinitialisés :</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="84" />
        <source>Browse...</source>
        <translation>Parcourir...</translation>
    </message>
    <message>
        <location filename="../../radreport/qt/settings_dialog.py" line="114" />
        <source>The settings could not be saved: {error}</source>
        <translation>Les paramètres n'ont pas pu être enregistrés : {error}</translation>
    </message>
</context>
</TS>