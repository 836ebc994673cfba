// Copied from the course reference (shared/course/soa-c03.json, awswo-syllabus.json): the project
// must not read ../shared at run time. Domain and task ids are the exam guide's.

export const SOA_C03 = {
  "exam": "AWS Certified CloudOps Engineer - Associate (SOA-C03)",
  "scoring": {
    "min": 100,
    "max": 1000,
    "pass": 720,
    "model": "compensatory",
    "questions": 65,
    "minutes": 130
  },
  "domains": [
    {
      "id": "1",
      "title": "Monitoring, Logging, Analysis, Remediation, and Performance Optimization",
      "tasks": [
        {
          "id": "1.1",
          "title": "Implement metrics, alarms, and filters by using AWS monitoring and logging services"
        },
        {
          "id": "1.2",
          "title": "Identify and remediate issues by using monitoring and availability metrics"
        },
        {
          "id": "1.3",
          "title": "Implement performance optimization strategies for compute, storage, and database resources"
        }
      ]
    },
    {
      "id": "2",
      "title": "Reliability and Business Continuity",
      "tasks": [
        {
          "id": "2.1",
          "title": "Implement scalability and elasticity"
        },
        {
          "id": "2.2",
          "title": "Implement highly available and resilient environments"
        },
        {
          "id": "2.3",
          "title": "Implement backup and restore strategies"
        }
      ]
    },
    {
      "id": "3",
      "title": "Deployment, Provisioning, and Automation",
      "tasks": [
        {
          "id": "3.1",
          "title": "Provision and maintain cloud resources"
        },
        {
          "id": "3.2",
          "title": "Automate the management of existing resources"
        }
      ]
    },
    {
      "id": "4",
      "title": "Security and Compliance",
      "tasks": [
        {
          "id": "4.1",
          "title": "Implement and manage security and compliance tools and policies"
        },
        {
          "id": "4.2",
          "title": "Implement strategies to protect data and infrastructure"
        }
      ]
    },
    {
      "id": "5",
      "title": "Networking and Content Delivery",
      "tasks": [
        {
          "id": "5.1",
          "title": "Implement and optimize networking features and connectivity"
        },
        {
          "id": "5.2",
          "title": "Configure domains, DNS services, and content delivery"
        },
        {
          "id": "5.3",
          "title": "Troubleshoot network connectivity issues"
        }
      ]
    }
  ]
} as const;

export const SYLLABUS = {
  "course": "AWS Workflow Operator (AWSWO)",
  "modules": [
    {
      "id": "01",
      "title": "AWS Operator Basics",
      "topics": [
        "regions",
        "accounts",
        "shared responsibility"
      ]
    },
    {
      "id": "02",
      "title": "IAM & Permissions",
      "topics": [
        "roles",
        "policies",
        "least privilege",
        "tracing access"
      ]
    },
    {
      "id": "03",
      "title": "Workflow & Runbooks",
      "topics": [
        "change plans",
        "stop rules",
        "validation gates"
      ]
    },
    {
      "id": "04",
      "title": "Safe Deployment Cycle",
      "topics": [
        "apply",
        "verify",
        "rollback readiness"
      ]
    },
    {
      "id": "05",
      "title": "Incident Response",
      "topics": [
        "logs",
        "metrics",
        "alerts",
        "isolation patterns"
      ]
    },
    {
      "id": "06",
      "title": "Cost & Risk Awareness",
      "topics": [
        "identify and stop unsafe spend behaviors"
      ]
    },
    {
      "id": "07",
      "title": "Final Drill",
      "topics": [
        "full AWS workflow",
        "incident recovery with logs"
      ]
    }
  ],
  "drill_formats": [
    "runbook drill: plan -> apply -> validate -> document",
    "permission drill: diagnose access denied and over-permission risks",
    "incident drill: service errors, misconfigurations, cost spikes"
  ],
  "incident_workflow": [
    "observe",
    "isolate",
    "mitigate",
    "verify",
    "document"
  ],
  "certification_gate": "instructor verification of runbooks, permission discipline and incident-handling logs; no auto-certification"
} as const;
